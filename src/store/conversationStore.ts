/**
 * What users write to robots: the conversationIds of one-to-one chats, the
 * users' messages, and the sessionWebhooks handed to robots with them.
 */
export interface ConversationStore {
  /** The conversationId of the one-to-one chat of `userId` and `robotCode`; `candidate` becomes it on first use. */
  ensureOneToOneConversation(corpId: string, robotCode: string, userId: string, candidate: string): Promise<string>;
  /** Stores a user message; in a group, with each member's copy (`copies`), which carries their read time. */
  insertMessage(message: UserMessageRecord, copies?: readonly UserMessageCopy[]): Promise<void>;
  /** What `userId` wrote in their one-to-one chat with `robotCode`, oldest first (newest only: at most one). */
  listOneToOneMessages(corpId: string, userId: string, robotCode: string, newestOnly?: boolean): Promise<UserMessageRecord[]>;
  /** The one-to-one chats `userId` wrote in, with the order of their newest message there. */
  listOneToOneActivity(corpId: string, userId: string): Promise<Array<{ robotCode: string; lastOrder: number }>>;

  /** The copies `userId` has of what users wrote in the group, oldest first (newest only: at most one), with their read time. */
  listGroupMessages(corpId: string, userId: string, openConversationId: string, newestOnly?: boolean): Promise<Array<UserMessageRecord & { readAt: number | null }>>;
  /** The groups where `userId` has copies of user messages: unread ones counted, and the order of the newest. */
  listGroupActivity(corpId: string, userId: string): Promise<Array<{ openConversationId: string; unreadCount: number; lastOrder: number }>>;
  /** Marks `userId`'s unread copies in the group read at `at`; returns how many were unread. */
  markGroupRead(corpId: string, userId: string, openConversationId: string, at: number): Promise<number>;

  createSessionWebhook(session: SessionWebhookRecord): Promise<void>;
  findSessionWebhook(corpId: string, sessionHash: string): Promise<SessionWebhookRecord | undefined>;
  /**
   * Deletes up to `limit` user messages of any corp written before `before`, with every member's copy,
   * in one transaction; returns how many messages it deleted. The chats' conversationIds stay.
   */
  purgeMessagesBefore(before: number, limit: number): Promise<number>;
  /** Deletes up to `limit` sessionWebhooks of any corp expired at `now`; returns how many it deleted. */
  purgeExpiredSessionWebhooks(now: number, limit: number): Promise<number>;
  /** Removes every user message, conversation and sessionWebhook of every corp. */
  deleteAll(): Promise<void>;
}

/** The kinds of message a user sends: text, a picture (with text: richText) or a file. */
export type UserMessageType = 'text' | 'picture' | 'file' | 'richText';

/** A member's copy of a user message in a group: null readAt is unread. */
export interface UserMessageCopy {
  userId: string;
  readAt: number | null;
}

/** Where a user message was written: a one-to-one chat with a robot, or a group mentioning robots (the chat kinds of ChatRef). */
export type UserMessageChat =
  | { kind: 'oto'; robotCode: string }
  | { kind: 'group'; openConversationId: string; mentionedRobots: string[] };

export interface UserMessageRecord {
  corpId: string;
  msgId: string;
  senderId: string;
  chat: UserMessageChat;
  msgtype: UserMessageType;
  /**
   * The message's content as its msgtype defines it, e.g. `{content}` for text; files are
   * named by media id: picture `{mediaId}`, file `{mediaId, fileName}`, richText
   * `{richText: [{text} | {type: "picture", mediaId}]}` (docs/behaviour.md, Conversations and Stream mode).
   */
  content: Record<string, unknown>;
  createdAt: number;
  /** The same ordering as robot messages' sendOrder. */
  sendOrder: number;
}

export interface SessionWebhookRecord {
  corpId: string;
  sessionHash: string;
  robotCode: string;
  userId: string;
  /** Null for one-to-one chats. */
  openConversationId: string | null;
  expiresAt: number;
}
