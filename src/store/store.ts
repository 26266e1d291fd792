/**
 * The one store interface of Dingo. Domain services depend on this, never on a
 * database driver. Every method is atomic; `transaction` groups several.
 * Implementations: KyselyStore over SQLite (better-sqlite3) or PostgreSQL (pg).
 */
export interface Store {
  /** Runs `work` in one transaction: all of its writes commit together or none do. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;

  // Directory
  hasAnyCorp(): Promise<boolean>;
  /** Creates or updates every entry of `directory` (none duplicated), in one transaction. */
  applyDirectory(directory: DirectoryChanges): Promise<void>;
  findUser(corpId: string, userId: string): Promise<UserRecord | undefined>;
  findInternalApp(appKey: string): Promise<AppRecord | undefined>;
  findSuite(suiteKey: string): Promise<SuiteRecord | undefined>;
  isSuiteAuthorized(corpId: string, suiteKey: string): Promise<boolean>;

  findRobot(corpId: string, robotCode: string): Promise<RobotRecord | undefined>;
  /** Names of those of `userIds` that are users of the corp. */
  findUserNames(corpId: string, userIds: readonly string[]): Promise<Map<string, string>>;
  findPrivateChat(corpId: string, openConversationId: string): Promise<PrivateChatRecord | undefined>;

  findCorp(corpId: string): Promise<{ corpId: string; name: string } | undefined>;
  /** Every user of every corp, by corp then userId (for the dev-mode user switcher). */
  listAllUsers(): Promise<Array<UserRecord & { corpName: string }>>;
  /** Everything in one corp, for the console. */
  readCorpDirectory(corpId: string): Promise<CorpDirectory | undefined>;

  // Web sessions
  createWebSession(session: { corpId: string; sessionHash: string; userId: string; expiresAt: number }): Promise<void>;
  /** The user of a live session, or undefined. */
  findWebSession(corpId: string, sessionHash: string, now: number): Promise<UserRecord | undefined>;
  deleteWebSession(corpId: string, sessionHash: string): Promise<void>;

  // Messages
  /**
   * Holds off, until this transaction ends, every other transaction that locks
   * the same robot and users: flow control counts and inserts without races.
   */
  lockRecipients(corpId: string, robotCode: string, userIds: readonly string[]): Promise<void>;
  /** How many one-to-one messages `robotCode` delivered to each of `userIds` since `since` (exclusive). */
  countRecentDeliveries(corpId: string, robotCode: string, userIds: readonly string[], since: number): Promise<Map<string, number>>;
  /** Stores a message and one delivery per recipient. */
  insertMessage(message: NewMessage): Promise<void>;
  findMessage(corpId: string, processQueryKey: string): Promise<MessageRecord | undefined>;
  /** Every recipient of a message, in the order of the send, with directory name and read time. */
  listRecipients(corpId: string, processQueryKey: string): Promise<RecipientRecord[]>;
  /** Recipients that read the message, by first read time then userId, after `after`, at most `limit`. */
  listReaders(corpId: string, processQueryKey: string, after: ReaderPosition | undefined, limit: number): Promise<ReaderPosition[]>;
  /** Marks a message recalled at `at` unless it already is; says whether this call recalled it, and who received it. */
  markRecalled(corpId: string, processQueryKey: string, at: number): Promise<{ recalledNow: boolean; recipients: string[] }>;
  /** Records a read by one recipient; only the first read is kept. Says which it was, or that the user has no copy. */
  markRead(corpId: string, processQueryKey: string, userId: string, at: number): Promise<'first read' | 'read before' | 'no copy'>;
  /** What a user sees now: their copies of messages not recalled, oldest first. */
  listInbox(corpId: string, userId: string): Promise<InboxEntry[]>;
  /** A user's chats that hold messages not recalled, newest activity first, with unread counts. */
  listChats(corpId: string, userId: string): Promise<ChatActivity[]>;
  /** A user's copies of the messages of one chat, not recalled, oldest first, with the robot's name. */
  listChatMessages(corpId: string, userId: string, chat: ChatRef, newestOnly?: boolean): Promise<ChatMessageRecord[]>;
  /** Marks every unread copy in one chat read at `at`; returns the messages this call marked. */
  markChatRead(corpId: string, userId: string, chat: ChatRef, at: number): Promise<Array<{ processQueryKey: string; robotCode: string }>>;
  /** A corp's messages, newest first, filtered. */
  listMessages(corpId: string, filter: MessageFilter): Promise<MessageRecord[]>;
  /** Recipients of several messages at once, keyed by processQueryKey. */
  listRecipientsOf(corpId: string, processQueryKeys: readonly string[]): Promise<Map<string, RecipientRecord[]>>;
  /** Removes every message and delivery of every corp (the directory stays). */
  deleteAllMessages(): Promise<void>;

  // Access tokens
  /**
   * Returns the live token of (corp, app) with its expiry moved to `expiresAt`,
   * or stores `candidate` as the new token when none is live at `now`.
   */
  issueToken(grant: TokenIssue): Promise<string>;
  /** The grant behind a token, whatever its expiry (the caller compares). */
  findTokenGrant(token: string): Promise<TokenGrant | undefined>;

  // Platform limits
  /**
   * Counts one call of `corpId` in `month` unless `limit` calls are counted
   * already; returns false (and counts nothing) when the quota is used up.
   */
  countApiCall(corpId: string, month: string, limit: number): Promise<boolean>;
  /** Forgets every counted call. */
  deleteApiCallCounts(): Promise<void>;

  /** The deployment's secret `name`, storing `candidate` as it when there is none yet (every node gets the same). */
  ensureServerSecret(name: string, candidate: string): Promise<string>;

  /** Checks the connection; throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface UserRecord {
  corpId: string;
  userId: string;
  name: string;
  passwordHash: string | null;
  isAdmin: boolean;
}

export interface AppRecord {
  corpId: string;
  appKey: string;
  appSecret: string;
  name: string;
  permissions: string[];
}

export interface SuiteRecord {
  suiteKey: string;
  suiteSecret: string;
  name: string;
  permissions: string[];
}

export interface RobotRecord {
  corpId: string;
  robotCode: string;
  /** The app (appKey or suiteKey) whose tokens may use this robot. */
  appKey: string;
  name: string;
  status: 'enabled' | 'stopped';
}

export interface PrivateChatRecord {
  corpId: string;
  openConversationId: string;
  members: string[];
  /** The cool apps installed in the chat, each bringing its robot. */
  coolApps: Array<{ coolAppCode: string; robotCode: string; robotName: string }>;
}

export interface MessageRecord {
  corpId: string;
  processQueryKey: string;
  robotCode: string;
  /** Null for one-to-one messages. */
  openConversationId: string | null;
  msgKey: string;
  msgParam: string;
  createdAt: number;
  recalledAt: number | null;
}

export interface NewMessage extends Omit<MessageRecord, 'recalledAt'> {
  /** Strictly increasing per node, close to createdAt × 1000: the order of messages in a chat. */
  sendOrder: number;
  recipients: readonly string[];
}

export interface RecipientRecord {
  userId: string;
  name: string;
  readAt: number | null;
}

/** A reader of a message; also the position a page of readers ends at. */
export interface ReaderPosition {
  userId: string;
  readAt: number;
}

export interface InboxEntry extends MessageRecord {
  readAt: number | null;
}

/** A chat as one user has it: with a robot (one-to-one) or a person-to-person chat. */
export type ChatRef = { robotCode: string; openConversationId: null } | { robotCode: null; openConversationId: string };

export interface ChatActivity {
  chat: ChatRef;
  unreadCount: number;
  /** sendOrder of the newest message: chats sort by it. */
  lastOrder: number;
}

export interface ChatMessageRecord extends MessageRecord {
  robotName: string;
  readAt: number | null;
}

export interface MessageFilter {
  robotCode?: string;
  userId?: string;
  status?: 'sent' | 'recalled';
  limit: number;
}

export interface CorpDirectory {
  corp: { corpId: string; name: string };
  users: UserRecord[];
  apps: AppRecord[];
  suites: Array<Omit<SuiteRecord, 'suiteSecret'>>;
  robots: RobotRecord[];
  coolApps: Array<{ coolAppCode: string; robotCode: string }>;
  privateChats: Array<{ openConversationId: string; members: string[]; coolApps: string[] }>;
}

export type AppKind = 'internal' | 'suite';

export interface TokenIssue {
  corpId: string;
  appKey: string;
  appKind: AppKind;
  candidate: string;
  now: number;
  expiresAt: number;
}

/** What a token lets its bearer do: act as one app in one corp. */
export interface TokenGrant {
  corpId: string;
  appKey: string;
  appKind: AppKind;
  expiresAt: number;
  permissions: string[];
}

/** A whole directory to create or update, with passwords already hashed. */
export interface DirectoryChanges {
  corps: Array<{
    corpId: string;
    name: string;
    users: Array<{ userId: string; name: string; passwordHash: string | null; isAdmin: boolean }>;
    apps: Array<{ appKey: string; appSecret: string; name: string; permissions: string[] }>;
    /** Robots of internal apps and of the suites this corp authorised. */
    robots: Array<{ robotCode: string; appKey: string; name: string; status: 'enabled' | 'stopped' }>;
    coolApps: Array<{ coolAppCode: string; robotCode: string }>;
    privateChats: Array<{ openConversationId: string; members: string[]; coolAppCodes: string[] }>;
  }>;
  suites: Array<{ suiteKey: string; suiteSecret: string; name: string; permissions: string[]; authorizedCorps: string[] }>;
}
