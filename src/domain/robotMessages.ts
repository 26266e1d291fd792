import type { Clock } from '../clock.js';
import type { AboutMessage, DingoEvent, EventBus } from '../events/bus.js';
import type { TokenGrant } from '../store/accessTokenStore.js';
import type { RobotRecord } from '../store/directoryStore.js';
import type { InboxEntry, MessageHeader, MessagePlace, MessageRecord, MessageWithRecipients } from '../store/messageStore.js';
import type { Store } from '../store/store.js';
import type { CachedDirectory } from './directoryCaches.js';
import { badRequest } from './errors.js';
import { newProcessQueryKey } from './processQueryKeys.js';
import type { DomainMetrics } from './metrics.js';
import type { SendOrder } from './sendOrder.js';

/** Read status, query and recall answer for 24 hours after the send (docs/behaviour.md). */
export const ANSWER_WINDOW_MS = 24 * 3600_000;
/** At most 20 keys per recall request. */
export const MAX_RECALL_KEYS = 20;

export type MessageDraft = MessagePlace & {
  corpId: string;
  robotCode: string;
  msgKey: string;
  msgParam: string;
};

export interface RecallResult {
  successResult: string[];
  failedResult: Record<string, string>;
}

/**
 * The machinery both kinds of conversation share: robots as a token may use
 * them, sending, the 24-hour window, recall, reading, and the inbox. Every
 * change is committed before its event is published.
 */
export class RobotMessages {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly sendOrder: SendOrder,
    /** The directory reads of the request path (robots, user names), cached. */
    readonly directory: CachedDirectory,
    private readonly metrics: DomainMetrics,
  ) {}

  /** The robot `robotCode` of the token's corp and app, if there is one. */
  async findRobotOf(grant: TokenGrant, robotCode: string): Promise<RobotRecord | undefined> {
    const robot = await this.directory.findRobot(grant.corpId, robotCode);
    return robot?.appKey === grant.appKey ? robot : undefined;
  }

  /**
   * Stores a new message in one transaction with the recipients `chooseRecipients`
   * picks inside it and its send order, then publishes the delivery. Returns the key and what the chooser returned.
   */
  async send<Outcome extends { recipients: string[] }>(
    draft: MessageDraft,
    chooseRecipients: (store: Store, now: number) => Promise<Outcome>,
  ): Promise<Outcome & { processQueryKey: string }> {
    return this.stored(draft, (now, insert) =>
      this.store.transaction(async (store) => {
        const chosen = await chooseRecipients(store, now);
        await insert(store, chosen.recipients);
        return chosen;
      }),
    );
  }

  /**
   * The same for recipients known before (nothing stored decides them). Where the send order is taken before
   * the message is stored (PostgreSQL), the message and its deliveries are one statement, atomic alone: no transaction around it.
   */
  async sendTo<Outcome extends { recipients: string[] }>(draft: MessageDraft, outcome: Outcome): Promise<Outcome & { processQueryKey: string }> {
    return this.stored(draft, async (_now, insert) => {
      if (this.sendOrder.takenInTransaction) await this.store.transaction((store) => insert(store, outcome.recipients));
      else await insert(this.store, outcome.recipients);
      return outcome;
    });
  }

  /**
   * What both ways of sending share: the key, the time, the send order, and the delivery published once `write`
   * has committed; `insert` stores the message through `store` (the transaction's, where the order is taken in it).
   */
  private async stored<Outcome extends { recipients: string[] }>(
    draft: MessageDraft,
    write: (now: number, insert: (store: Store, recipients: string[]) => Promise<void>) => Promise<Outcome>,
  ): Promise<Outcome & { processQueryKey: string }> {
    const now = this.clock.now();
    const processQueryKey = newProcessQueryKey(now);
    const outcome = await this.sendOrder.forTransaction(draft.corpId, now, (takeOrder) =>
      write(now, async (store, recipients) => {
        const sendOrder = await takeOrder(store.sendOrders);
        await store.messages.insert({ ...draft, processQueryKey, createdAt: now, sendOrder, recipients });
      }),
    );
    this.metrics.sent(draft.chatKind, outcome.recipients.length);
    if (outcome.recipients.length > 0) {
      this.bus.publish({ type: 'delivered', ...aboutMessage({ ...draft, processQueryKey }, now), userIds: outcome.recipients });
    }
    return { ...outcome, processQueryKey };
  }

  /**
   * The message `processQueryKey` if the token's app may query it: it exists in
   * the corp, `isInScope` accepts it (right kind of conversation, right robot),
   * and it is younger than 24 hours. Otherwise the codes of pages 003 and 002.
   */
  findQueryable(grant: TokenGrant, processQueryKey: string, isInScope: (message: MessageRecord) => boolean): Promise<MessageRecord> {
    return this.store.messages.find(grant.corpId, processQueryKey).then((message) => this.queryable(grant, message, isInScope));
  }

  /** The same, read with its recipients in one query, without its content (read status). */
  findQueryableWithRecipients(grant: TokenGrant, processQueryKey: string, isInScope: (message: MessageHeader) => boolean): Promise<MessageWithRecipients> {
    return this.store.messages.findWithRecipients(grant.corpId, processQueryKey).then((message) => this.queryable(grant, message, isInScope));
  }

  private async queryable<Message extends MessageHeader>(grant: TokenGrant, message: Message | undefined, isInScope: (message: Message) => boolean): Promise<Message> {
    if (!message || !isInScope(message) || !(await this.findRobotOf(grant, message.robotCode))) {
      throw badRequest('invalid.processQueryKey', '无效的processQueryKey');
    }
    if (this.isExpired(message)) {
      throw badRequest('processQueryKey.expireTime', 'processQueryKey还未生成消息查询数据或已过期');
    }
    return message;
  }

  /**
   * Recalls each (distinct) key sent by `robotCode` that `isInScope` accepts, within 24 hours.
   * Idempotent: recalling a recalled message succeeds again. One transaction.
   */
  async recall(corpId: string, robotCode: string, keys: readonly string[], isInScope: (message: MessageRecord) => boolean): Promise<RecallResult> {
    const now = this.clock.now();
    const events: DingoEvent[] = [];
    const result = await this.store.transaction(async (store) => {
      // A null prototype, so that keys such as "__proto__" are reported like any other.
      const outcome: RecallResult = { successResult: [], failedResult: Object.create(null) as Record<string, string> };
      for (const key of keys) {
        const message = await store.messages.find(corpId, key);
        if (!message || !isInScope(message)) outcome.failedResult[key] = 'invalid.processQueryKey';
        else if (message.robotCode !== robotCode) outcome.failedResult[key] = 'not.allowed.robotCode';
        else if (this.isExpired(message)) outcome.failedResult[key] = 'robot.processQueryKey.expired';
        else {
          const { recalledNow, recipients } = await store.messages.markRecalled(corpId, key, now);
          outcome.successResult.push(key);
          if (recalledNow) events.push({ type: 'recalled', ...aboutMessage(message, now), userIds: recipients });
        }
      }
      return outcome;
    });
    for (const event of events) {
      this.metrics.recalled();
      this.bus.publish(event);
    }
    return result;
  }

  /** A user reads their copy of a message, as if they opened the chat; the first read time is kept. */
  async markRead(corpId: string, userId: string, processQueryKey: string): Promise<void> {
    const message = await this.store.messages.find(corpId, processQueryKey);
    const now = this.clock.now();
    const outcome = message && message.recalledAt === null ? await this.store.messages.markRead(corpId, processQueryKey, userId, now) : 'no copy';
    if (!message || outcome === 'no copy') throw badRequest('invalid.processQueryKey', `user ${userId} has no message ${processQueryKey}`);
    if (outcome === 'first read') this.publishRead(aboutMessage(message, now), userId);
  }

  /** Counts `userId`'s first read of a message, and tells live subscribers. */
  publishRead(read: AboutMessage, userId: string): void {
    this.metrics.read();
    this.bus.publish({ type: 'read', ...read, userId });
  }

  /** What a user sees now, oldest first; recalled messages are gone. */
  inbox(corpId: string, userId: string): Promise<InboxEntry[]> {
    return this.store.messages.listInbox(corpId, userId);
  }

  private isExpired(message: MessageHeader): boolean {
    return this.clock.now() - message.createdAt > ANSWER_WINDOW_MS;
  }
}

/** What an event says of `message`: its corp, key, robot and chat, and `at`. */
export function aboutMessage(message: MessagePlace & { corpId: string; processQueryKey: string; robotCode: string }, at: number): AboutMessage {
  const place: MessagePlace =
    message.chatKind === 'oto' ? { chatKind: 'oto', openConversationId: null } : { chatKind: message.chatKind, openConversationId: message.openConversationId };
  return { ...place, corpId: message.corpId, processQueryKey: message.processQueryKey, robotCode: message.robotCode, at };
}
