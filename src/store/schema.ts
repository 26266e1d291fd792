import type { ColumnType } from 'kysely';
import type { ChatKind } from './messageStore.js';

/**
 * The tables as Kysely sees them. One schema for SQLite and PostgreSQL: text,
 * bigint epoch milliseconds and integer flags only, so both run the same SQL.
 * Every tenant table carries `corp_id` first in its key, so the schema can be
 * distributed by corp; `suites` is the one platform-level (reference) table.
 */
import type { DeliveryEvent, DeliveryStatus } from './botDeliveryStore.js';

export interface Database {
  corps: CorpTable;
  users: UserTable;
  apps: AppTable;
  suites: SuiteTable;
  suite_authorizations: SuiteAuthorizationTable;
  robots: RobotTable;
  cool_apps: CoolAppTable;
  private_chats: PrivateChatTable;
  private_chat_members: PrivateChatMemberTable;
  private_chat_cool_apps: PrivateChatCoolAppTable;
  group_chats: GroupChatTable;
  group_chat_members: GroupChatMemberTable;
  group_chat_robots: GroupChatRobotTable;
  access_tokens: AccessTokenTable;
  api_call_counts: ApiCallCountTable;
  messages: MessageTable;
  deliveries: DeliveryTable;
  server_secrets: ServerSecretTable;
  clock_offsets: ClockOffsetTable;
  send_orders: SendOrderTable;
  qps_calls: QpsCallTable;
  failed_attempts: FailedAttemptTable;
  web_sessions: WebSessionTable;
  files: FileTable;
  file_download_codes: FileDownloadCodeTable;
  file_blobs: FileBlobTable;
  oto_conversations: OtoConversationTable;
  user_messages: UserMessageTable;
  user_message_copies: UserMessageCopyTable;
  session_webhooks: SessionWebhookTable;
  stream_tickets: StreamTicketTable;
  bot_deliveries: BotDeliveryTable;
  bot_delivery_log: BotDeliveryLogTable;
  custom_robots: CustomRobotTable;
  custom_robot_tokens: CustomRobotTokenTable;
  pending_conversions: PendingConversionTable;
}

export interface CorpTable {
  corp_id: string;
  name: string;
}

export interface UserTable {
  corp_id: string;
  user_id: string;
  name: string;
  /** scrypt hash (see domain/passwords.ts); null: the user cannot sign in with a password. */
  password_hash: string | null;
  /** 1 for console administrators. */
  is_admin: number;
  /** For custom robots' atMobiles; null when the directory has none. */
  mobile: string | null;
}

export interface AppTable {
  corp_id: string;
  app_key: string;
  /** Sealed under the server key (Dingo signs HTTP callbacks with it). */
  app_secret: string;
  name: string;
  /** JSON array of permission codes, e.g. ["qyapi_robot_sendmsg"]. */
  permissions: string;
}

export interface SuiteTable {
  suite_key: string;
  /** Sealed under the server key (Dingo signs the HTTP callbacks of the suite's robots with it). */
  suite_secret: string;
  name: string;
  permissions: string;
}

export interface SuiteAuthorizationTable {
  corp_id: string;
  suite_key: string;
}

export interface RobotTable {
  corp_id: string;
  robot_code: string;
  /** The owning app: an internal app's appKey, or a suite's suiteKey. */
  app_key: string;
  name: string;
  status: 'enabled' | 'stopped';
  /** How the robot hears what users write. */
  receive: 'stream' | 'http' | 'none';
  /** Where `receive: http` posts; null otherwise. */
  callback_url: string | null;
}

export interface CoolAppTable {
  corp_id: string;
  cool_app_code: string;
  robot_code: string;
}

export interface PrivateChatTable {
  corp_id: string;
  open_conversation_id: string;
}

export interface PrivateChatMemberTable {
  corp_id: string;
  open_conversation_id: string;
  user_id: string;
}

export interface PrivateChatCoolAppTable {
  corp_id: string;
  open_conversation_id: string;
  cool_app_code: string;
}

/** A group chat of one corp: its title and owner; members and installed robots in the next two tables. */
export interface GroupChatTable {
  corp_id: string;
  open_conversation_id: string;
  title: string;
  owner_user_id: string;
}

export interface GroupChatMemberTable {
  corp_id: string;
  open_conversation_id: string;
  user_id: string;
}

export interface GroupChatRobotTable {
  corp_id: string;
  open_conversation_id: string;
  robot_code: string;
}

export interface AccessTokenTable {
  corp_id: string;
  /** appKey of an internal app or suiteKey of a suite: one live token per (corp, app). */
  app_key: string;
  app_kind: 'internal' | 'suite';
  /** The token's lookup hash (StoredSecrets.lookupHash), never the token. */
  token: string;
  /** The token sealed under the server key (null only in a store written before migration 0013, until its conversion). */
  sealed_token: string | null;
  expires_at: number;
}

export interface ApiCallCountTable {
  corp_id: string;
  /** Calendar month in DingTalk's time zone (UTC+8), e.g. "2026-11". */
  month: string;
  calls: number;
}

/** A robot message: one send, into one-to-one chats, or into one person-to-person chat or group. */
export interface MessageTable {
  corp_id: string;
  process_query_key: string;
  robot_code: string;
  /** Which kind of chat the message is in: 'oto' (one-to-one), 'p2p' (person-to-person) or 'group'. */
  chat_kind: ColumnType<ChatKind, ChatKind | undefined, ChatKind>;
  /** Null for one-to-one messages; the person-to-person chat or the group otherwise. */
  open_conversation_id: string | null;
  msg_key: string;
  msg_param: string;
  created_at: number;
  /** Orders messages sent in the same millisecond as they were sent (see RobotMessages). */
  send_order: number;
  recalled_at: number | null;
}

/** One recipient's copy of a message: it sits in their chat with the robot, or in the person-to-person chat. */
export interface DeliveryTable {
  corp_id: string;
  process_query_key: string;
  user_id: string;
  /** Order of the recipient in the send request. */
  position: number;
  robot_code: string;
  /** The message's chat kind, copied so a user's chats are listed from deliveries alone. */
  chat_kind: ColumnType<ChatKind, ChatKind | undefined, ChatKind>;
  open_conversation_id: string | null;
  created_at: number;
  send_order: number;
  read_at: number | null;
}

/** Secrets every node of one deployment shares, e.g. the key of paging tokens. Platform-level, like `suites`. */
export interface ServerSecretTable {
  name: string;
  /** Sealed under the server key. */
  value: string;
}

/** Conversions a migration left for the next start, which has the server key (see 0013_secrets_at_rest). */
export interface PendingConversionTable {
  name: string;
}

/** How far the dev control plane moved the clock (one row, `dev`). Platform-level, like `server_secrets`. */
export interface ClockOffsetTable {
  name: string;
  offset_ms: number;
}

/** The last send order given out in a corp, by any node. */
export interface SendOrderTable {
  corp_id: string;
  last_order: number;
}

/** One call admitted in the rolling QPS window of an app and API. */
export interface QpsCallTable {
  corp_id: string;
  app_key: string;
  api: string;
  at: number;
}

/** One failed credential check (or one being checked) of a subject, in the guessing rule's window. */
export interface FailedAttemptTable {
  attempt_id: string;
  kind: string;
  subject: string;
  at: number;
}

/** A signed-in web client. Only a hash of the session secret is stored. */
export interface WebSessionTable {
  corp_id: string;
  session_hash: string;
  user_id: string;
  expires_at: number;
}

/** A stored file (`/media/upload`, or a user's picture or file): its metadata; the bytes are kept by sha256. */
export interface FileTable {
  corp_id: string;
  media_id: string;
  sha256: string;
  kind: 'image' | 'voice' | 'video' | 'file';
  name: string;
  content_type: string;
  size: number;
  created_at: number;
}

/** A robot's download code for one stored file. */
export interface FileDownloadCodeTable {
  corp_id: string;
  download_code: string;
  robot_code: string;
  media_id: string;
  created_at: number;
}

/** File bytes kept in the database, one row per (corp, content). */
export interface FileBlobTable {
  corp_id: string;
  sha256: string;
  bytes: Buffer;
  /** When a file last stored these bytes (epoch ms, Dingo's clock): the purge keeps bytes stored since its cutoff. */
  used_at: number;
}

/** The conversationId of one one-to-one chat of a user and a robot, created on its first message. */
export interface OtoConversationTable {
  corp_id: string;
  robot_code: string;
  user_id: string;
  conversation_id: string;
}

/** What a user wrote: into a one-to-one chat with a robot (robot_code), or into a group (open_conversation_id). */
/** A member's copy of a message a user wrote in a group. */
export interface UserMessageCopyTable {
  corp_id: string;
  user_id: string;
  open_conversation_id: string;
  msg_id: string;
  send_order: number;
  read_at: number | null;
}

export interface UserMessageTable {
  corp_id: string;
  msg_id: string;
  sender_id: string;
  /** The robot of a one-to-one chat; null in groups. */
  robot_code: string | null;
  /** The group; null in one-to-one chats. */
  open_conversation_id: string | null;
  /** JSON array of the robotCodes the message mentions (groups); `[]` one-to-one. */
  mentioned_robots: string;
  msgtype: string;
  /** JSON of the message's content, e.g. `{"content": "hi"}` for text. */
  content: string;
  created_at: number;
  /** Same ordering as messages.send_order, so a chat interleaves both. */
  send_order: number;
}

/** A sessionWebhook handed to a robot with a user's message. Only a hash of its secret is stored. */
export interface SessionWebhookTable {
  corp_id: string;
  session_hash: string;
  robot_code: string;
  user_id: string;
  /** Null for one-to-one chats. */
  open_conversation_id: string | null;
  expires_at: number;
}

/** A Stream connection ticket: single use, short-lived. Platform-level: a suite's app serves many corps. */
export interface StreamTicketTable {
  ticket_hash: string;
  /** The app's appKey, or a suite's suiteKey. */
  client_id: string;
  /** JSON array of {type, topic}. */
  subscriptions: string;
  expires_at: number;
  used: number;
}

/** One push of a user's message to a robot's app, until it is acked or given up. */
export interface BotDeliveryTable {
  corp_id: string;
  /** The messageId of the frames that carry it. */
  delivery_id: string;
  msg_id: string;
  robot_code: string;
  client_id: string;
  channel: 'stream' | 'http';
  topic: string;
  /** The JSON the bot receives. */
  payload: string;
  status: DeliveryStatus;
  pushes: number;
  created_at: number;
  /** When the next push is due (waiting, pushed) or when it settled. */
  due_at: number;
}

/** Every event of a delivery, in order: the delivery log. */
export interface BotDeliveryLogTable {
  corp_id: string;
  delivery_id: string;
  seq: number;
  event: DeliveryEvent;
  at: number;
  connection_id: string | null;
  detail: string | null;
}

/** A group's custom (webhook) robot. */
export interface CustomRobotTable {
  corp_id: string;
  robot_code: string;
  open_conversation_id: string;
  name: string;
  /** The webhook token, sealed under the server key. */
  access_token: string;
  /** `SEC…` sealed under the server key, or null: unsigned. */
  secret: string | null;
  /** JSON array of keywords; empty: no keyword check. */
  keywords: string;
  /** JSON array of addresses and CIDR ranges; empty: any caller. */
  ip_ranges: string;
}

/** Platform-level: which corp a custom robot's access token belongs to. */
export interface CustomRobotTokenTable {
  /** The webhook token's lookup hash (StoredSecrets.lookupHash), never the token. */
  access_token: string;
  corp_id: string;
  robot_code: string;
}
