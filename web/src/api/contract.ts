/**
 * The JSON API between Dingo's server and its web client (docs/behaviour.md, Web client and console). Every
 * path is under `/api/`; the session is an http-only cookie set by the server.
 * Errors use the same body as the robot API: `{code, message, requestid}`.
 * The server's route schemas (src/http/client.ts, src/http/console.ts) mirror these types.
 */

/** The signed-in person. */
export interface SessionUser {
  corpId: string;
  corpName: string;
  userId: string;
  name: string;
  isAdmin: boolean;
}

/** GET /api/session → who is signed in (null: nobody), and whether the server runs in dev mode. */
export interface SessionResponse {
  user: SessionUser | null;
  dev: boolean;
}

/** POST /api/session → SessionResponse; 400 `invalidCredentials` when the three do not match. */
export interface SignInRequest {
  corpId: string;
  userId: string;
  password: string;
}

/** POST /api/session/dev → SessionResponse. Dev mode only (404 otherwise): sign in as anyone, no password. */
export interface DevSignInRequest {
  corpId: string;
  userId: string;
}

/** DELETE /api/session → `{ok: true}`: signs out. */

/** GET /api/dev/users → every user of every corp, for the dev-mode user switcher. Dev mode only. */
export interface DevUsersResponse {
  users: SessionUser[];
}

/**
 * A chat as its member sees it. `chatId` is opaque to the client:
 * `oto:<robotCode>` for the one-to-one chat with a robot, `p2p:<openConversationId>`
 * for a person-to-person chat, `group:<openConversationId>` for a group. Always URL-encode it in paths.
 */
export interface ChatSummary {
  chatId: string;
  kind: 'robot' | 'private' | 'group';
  /** The robot's name, the other member's name, or the group's title. */
  title: string;
  /** Robot chats: the robot. Private chats and groups: the robots installed, comma separated (groups: and the member count). */
  subtitle: string;
  unreadCount: number;
  /** The newest message still in the chat (recalled ones are gone), if any. */
  lastMessage: ChatEntry | null;
  /** Groups: the robots installed, whom `@` in the composer picks from. Empty for other chats. */
  robots: Array<{ robotCode: string; name: string }>;
}

/** GET /api/chats → the signed-in user's chats that hold at least one message, newest activity first; then their groups without messages, by title. */
export interface ChatsResponse {
  chats: ChatSummary[];
}

/** A robot the signed-in user may start a one-to-one chat with; `chatId` opens it (empty until someone writes). */
export interface WritableRobot {
  robotCode: string;
  name: string;
  chatId: string;
}

/** GET /api/robots → the enabled robots of the user's corp (its apps' and its authorised suites'), by name: what "New chat" offers. */
export interface WritableRobotsResponse {
  robots: WritableRobot[];
}

/** Who wrote a message: a robot (id: its robotCode) or a member (id: their userId). */
/** A robot of an app, a group's custom (webhook) robot, or a member. */
export type SenderKind = 'robot' | 'customRobot' | 'user';

export interface MessageSender<Kind extends SenderKind = SenderKind> {
  kind: Kind;
  id: string;
  name: string;
}

/**
 * One message of a chat, with its sender: a robot's (`kind: 'robot'`, a template) or
 * what a member wrote (`kind: 'user'`). The signed-in user's own messages are the
 * user messages whose sender id is theirs; everyone else's are shown with their name.
 */
export type ChatEntry = RobotChatMessage | UserChatMessage;

export interface RobotChatMessage {
  kind: 'robot';
  sender: MessageSender<'robot' | 'customRobot'>;
  processQueryKey: string;
  robotCode: string;
  msgKey: string;
  /** The JSON text the bot sent; render with web/src/messages. */
  msgParam: string;
  /** ISO time. */
  createdAt: string;
  /** ISO time of this user's first read, or null. */
  readAt: string | null;
}

/** What a member wrote: text, a picture (with text: msgtype richText) or a file. */
export interface UserChatMessage {
  kind: 'user';
  sender: MessageSender<'user'>;
  /** The msgId the robot received. */
  msgId: string;
  /** text, picture, richText (text and a picture) or file. */
  msgtype: string;
  /** Empty for a picture or a file alone. */
  text: string;
  /** The picture or file, served by GET /api/media/:mediaId. */
  attachment?: { kind: 'picture' | 'file'; mediaId: string; name: string };
  /** ISO time. */
  createdAt: string;
}

/**
 * POST /api/chats/:chatId/messages → {msgId}: the composer, in one-to-one robot chats and groups
 * (404 otherwise). Text, a file, or a picture with text; a file's bytes in base64 (20 MB at most).
 * In a group only the robots mentioned receive it: those in `atRobotCodes` and those whose `@Name` is in the text.
 */
export interface SendMessageRequest {
  text?: string;
  file?: { name: string; contentBase64: string; kind: 'picture' | 'file' };
  atRobotCodes?: string[];
}

export interface SendMessageResponse {
  msgId: string;
}

/** GET /api/chats/:chatId/messages → the chat and its messages, oldest first (recalled messages absent). 404 for a chat the user is not in. */
export interface ChatMessagesResponse {
  chat: ChatSummary;
  /** Robots' messages and members', interleaved as they were said. */
  messages: ChatEntry[];
}

/** POST /api/chats/:chatId/read → marks every message of the chat read for the signed-in user, as opening it does on DingTalk. */
export interface MarkChatReadResponse {
  /** How many messages were unread before. */
  read: number;
}

/**
 * GET /api/events → a server-sent event stream for the signed-in user (and, for
 * admins, every message event of their corp, as the console needs). Each event
 * is named by its `type` and its data is this JSON. Clients refetch what an
 * event touches; events carry no message bodies.
 */
export type LiveEvent =
  | { type: 'delivered'; processQueryKey: string; chatId: string | null }
  | { type: 'read'; processQueryKey: string; userId: string; chatId: string | null }
  | { type: 'recalled'; processQueryKey: string; chatId: string | null }
  | { type: 'said'; msgId: string; chatId: string | null };
// chatId is the chat of the signed-in user the event touches, or null when it
// is only of interest to the console (admins see the whole corp).

// ---- Console (admins of a corp; 403 `Forbidden.AccessDenied` for others; anyone, for any corp, in dev mode) ----
// Every console call takes `?corpId=`: the corp to work on (the signed-in admin's own when absent; required in dev mode without sign-in).

/** GET /api/console/corps → the corps whose console the caller reaches (every corp in dev mode), by corpId. */
export interface ConsoleCorpsResponse {
  corps: Array<{ corpId: string; name: string }>;
}

/** GET /api/console/directory → the admin's corp, everything in it. */
export interface ConsoleDirectory {
  corp: { corpId: string; name: string };
  users: Array<{ userId: string; name: string; isAdmin: boolean; hasPassword: boolean; mobile: string | null }>;
  /** Never their secrets: see AppSecretResponse. */
  apps: Array<{ appKey: string; name: string; permissions: string[] }>;
  /** Suites this corp authorised (their secrets are the ISV's, not shown). */
  suites: Array<{ suiteKey: string; name: string; permissions: string[] }>;
  /** receive: how the robot hears users (Stream, an HTTP callback to callbackUrl, or not at all); set in the seed. */
  robots: Array<{ robotCode: string; name: string; appKey: string; status: 'enabled' | 'stopped'; receive: 'stream' | 'http' | 'none'; callbackUrl: string | null }>;
  coolApps: Array<{ coolAppCode: string; robotCode: string }>;
  privateChats: Array<{ openConversationId: string; members: string[]; coolApps: string[] }>;
  /** Members and robots sorted; the owner is one of the members. */
  groups: Array<{ openConversationId: string; title: string; owner: string; members: string[]; robots: string[] }>;
  /** The groups' custom (webhook) robots, by group then name. */
  customRobots: ConsoleCustomRobot[];
}

/** A group's custom robot: what a monitoring tool is given is `webhookUrl` and `secret`. */
export interface ConsoleCustomRobot {
  robotCode: string;
  openConversationId: string;
  name: string;
  accessToken: string;
  /** `SEC…`; null: messages are not signed. */
  secret: string | null;
  keywords: string[];
  ipRanges: string[];
  /** `<Dingo>/robot/send?access_token=…`. */
  webhookUrl: string;
}

/**
 * POST /api/console/groups/:openConversationId/customRobots → ConsoleDirectory: a new custom robot with a
 * generated token and secret. PUT /api/console/customRobots/:robotCode → ConsoleDirectory: edits one.
 * DELETE /api/console/customRobots/:robotCode → ConsoleDirectory. 400 for an empty keyword or a bad IP range.
 */
export interface CustomRobotRequest {
  name: string;
  keywords: string[];
  ipRanges: string[];
  /** Signed calls only: a secret is generated (and kept while signed); false removes it (Grafana cannot sign). */
  signed: boolean;
}

/** PUT /api/console/users/:userId → ConsoleDirectory. Creates or updates a user; password optional (kept when absent). */
export interface UpsertUserRequest {
  name: string;
  isAdmin: boolean;
  password?: string;
  /** Absent: kept. Empty: removed. */
  mobile?: string;
}

/** PUT /api/console/robots/:robotCode → ConsoleDirectory. Renames or stops/enables an existing robot. */
export interface UpdateRobotRequest {
  name: string;
  status: 'enabled' | 'stopped';
}

/**
 * POST /api/console/apps → ConsoleDirectory: creates an internal app; Dingo makes its appKey (`ding…`) and a robot with it as robotCode.
 */
export interface AppSettingsRequest {
  name: string;
  appSecret: string;
  permissions: string[];
}

/**
 * PUT /api/console/apps/:appKey → ConsoleDirectory: updates an app of the corp (404 for any other key). `appSecret`:
 * absent keeps the app's; a new one ends the app's live tokens.
 */
export type AppEditRequest = Omit<AppSettingsRequest, 'appSecret'> & { appSecret?: string };

/** GET /api/console/apps/:appKey/secret → an app's secret, asked for explicitly (answered `Cache-Control: no-store`). */
export interface AppSecretResponse {
  appSecret: string;
}

/** PUT /api/console/cool-apps/:coolAppCode → ConsoleDirectory. */
export interface UpsertCoolAppRequest {
  robotCode: string;
}

/** PUT /api/console/private-chats/:openConversationId → ConsoleDirectory. */
export interface UpsertPrivateChatRequest {
  members: [string, string];
  coolApps: string[];
}

/**
 * PUT /api/console/groups/:openConversationId → ConsoleDirectory. Creates or updates a group; members
 * and robots become exactly these. 400 when the owner is not a member, or a member or robot is not the corp's.
 */
export interface UpsertGroupRequest {
  title: string;
  owner: string;
  members: string[];
  robots: string[];
}

/** GET /api/console/messages?robotCode=&userId=&status=&limit= → newest first. status: sent | recalled. */
export interface ConsoleMessagesResponse {
  messages: ConsoleMessage[];
}

export interface ConsoleMessage {
  processQueryKey: string;
  robotCode: string;
  /** One-to-one, person-to-person or group. */
  chatKind: 'oto' | 'p2p' | 'group';
  openConversationId: string | null;
  msgKey: string;
  msgParam: string;
  createdAt: string;
  recalledAt: string | null;
  recipients: Array<{ userId: string; name: string; readStatus: 'READ' | 'UNREAD'; readAt: string | null }>;
}

/** POST /api/console/messages/recall {processQueryKey} → the robot API's recall result for that key (24-hour rule included). */
export interface ConsoleRecallResponse {
  successResult: string[];
  failedResult: Record<string, string>;
}

/** GET /api/console/robots/:robotCode/reception → how the robot receives, its live Stream connections, its deliveries newest first. */
export interface RobotReception {
  corpId: string;
  robotCode: string;
  receive: 'stream' | 'http' | 'none';
  callbackUrl: string | null;
  connections: Array<{ connectionId: string; connectedAt: string }>;
  deliveries: RobotDelivery[];
}

export interface RobotDelivery {
  deliveryId: string;
  msgId: string;
  channel: 'stream' | 'http';
  status: 'waiting' | 'pushed' | 'acked' | 'answered' | 'delivered' | 'undelivered' | 'unacked' | 'failed';
  createdAt: string;
  /** The message the bot receives (docs/behaviour.md, Conversations and Stream mode). */
  payload: { msgtype?: string; text?: { content?: string }; senderNick?: string } & Record<string, unknown>;
  /** Every step, oldest first. */
  attempts: Array<{ event: string; at: string; connectionId: string | null; detail: string | null }>;
}
