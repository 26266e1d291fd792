/**
 * Robot messages and each recipient's copy (a delivery): sending, flow-control
 * counts, recall, reads, and what users and the console see of them.
 */
export interface MessageStore {
  /**
   * Holds off, until this transaction ends, every other transaction that locks
   * the same robot and users: flow control counts and inserts without races.
   */
  lockRecipients(corpId: string, robotCode: string, userIds: readonly string[]): Promise<void>;
  /**
   * How many one-to-one messages `robotCode` delivered to each of `userIds` since `since` (exclusive), counted
   * up to `upTo` (a user with more shows `upTo`: the limit is all a caller compares with); users with none are absent.
   */
  countRecentDeliveries(corpId: string, robotCode: string, userIds: readonly string[], since: number, upTo: number): Promise<Map<string, number>>;
  /** How many messages `robotCode` sent into the group since `since` (exclusive). */
  countRecentGroupMessages(corpId: string, robotCode: string, openConversationId: string, since: number): Promise<number>;
  /** Stores a message and one delivery per recipient. */
  insert(message: NewMessage): Promise<void>;
  find(corpId: string, processQueryKey: string): Promise<MessageRecord | undefined>;
  /** Every recipient of a message, in the order of the send, with directory name (the userId when the directory has none) and read time. */
  listRecipients(corpId: string, processQueryKey: string): Promise<RecipientRecord[]>;
  /** A message without its content, with its recipients as listRecipients gives them: one indexed query (read status). */
  findWithRecipients(corpId: string, processQueryKey: string): Promise<MessageWithRecipients | undefined>;
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
  /** Marks every unread copy of a message not recalled in one chat read at `at`; returns the messages this call marked. */
  markChatRead(corpId: string, userId: string, chat: ChatRef, at: number): Promise<Array<{ processQueryKey: string; robotCode: string }>>;

  /** A corp's messages, newest first, filtered. */
  list(corpId: string, filter: MessageFilter): Promise<MessageRecord[]>;
  /** Recipients of several messages at once, as listRecipients gives them, keyed by processQueryKey: every key given, an unknown one with none. */
  listRecipientsOf(corpId: string, processQueryKeys: readonly string[]): Promise<Map<string, RecipientRecord[]>>;
  /**
   * Deletes up to `limit` messages of any corp sent before `before`, recalled or not, with every
   * recipient's copy and read, in one transaction; returns how many messages it deleted.
   */
  purgeSentBefore(before: number, limit: number): Promise<number>;
  /** Removes every message and delivery of every corp (the directory stays), in one transaction. */
  deleteAll(): Promise<void>;
}

/** The kind of chat a message is in: one-to-one with its robot, person-to-person, or a group. */
export type ChatKind = 'oto' | 'p2p' | 'group';

/** Where a message is: one-to-one chats have no conversation id, the other kinds always one. */
export type MessagePlace = { chatKind: 'oto'; openConversationId: null } | { chatKind: 'p2p' | 'group'; openConversationId: string };

export type MessageRecord = MessagePlace & {
  corpId: string;
  processQueryKey: string;
  robotCode: string;
  msgKey: string;
  msgParam: string;
  createdAt: number;
  recalledAt: number | null;
};

/** What is known of a message without reading its content. */
export type MessageHeader = Omit<MessageRecord, 'msgKey' | 'msgParam'>;

export type MessageWithRecipients = MessageHeader & { recipients: RecipientRecord[] };

export type NewMessage = Omit<MessageRecord, 'recalledAt'> & {
  /** Strictly increasing per corp across nodes, at least createdAt × 1000 and close to it: the order of messages in a chat. */
  sendOrder: number;
  recipients: readonly string[];
};

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

export type InboxEntry = MessageRecord & {
  readAt: number | null;
};

/** A chat as one user has it: with a robot (one-to-one), a person-to-person chat or a group. */
export type ChatRef = { kind: 'oto'; robotCode: string } | { kind: 'p2p' | 'group'; openConversationId: string };

export interface ChatActivity {
  chat: ChatRef;
  unreadCount: number;
  /** sendOrder of the newest message: chats sort by it. */
  lastOrder: number;
}

export type ChatMessageRecord = MessageRecord & {
  robotName: string;
  /** Where the message sits in its chat, among robot and user messages. */
  sendOrder: number;
  readAt: number | null;
};

export interface MessageFilter {
  robotCode?: string;
  userId?: string;
  status?: 'sent' | 'recalled';
  limit: number;
}
