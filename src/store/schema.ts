import type { ColumnType } from 'kysely';
import type { ChatKind } from './messageStore.js';

/**
 * The tables as Kysely sees them. One schema for SQLite and PostgreSQL: text,
 * bigint epoch milliseconds and integer flags only, so both run the same SQL.
 * Every tenant table carries `corp_id` first in its key, so the schema can be
 * distributed by corp; `suites` is the one platform-level (reference) table.
 */
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
  web_sessions: WebSessionTable;
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
  app_secret: string;
  name: string;
  /** JSON array of permission codes, e.g. ["qyapi_robot_sendmsg"]. */
  permissions: string;
}

export interface SuiteTable {
  suite_key: string;
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
  token: string;
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
  value: string;
}

/** A signed-in web client. Only a hash of the session secret is stored. */
export interface WebSessionTable {
  corp_id: string;
  session_hash: string;
  user_id: string;
  expires_at: number;
}
