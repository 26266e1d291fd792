import { randomBytes } from 'node:crypto';
import type { EventBus } from '../events/bus.js';
import type { UserMessageRecord } from '../store/conversationStore.js';
import type { Store } from '../store/store.js';
import type { AdvancingClock, BotDeliveries } from './botDeliveries.js';
import { BOT_MESSAGE_TOPIC, buildBotMessage } from './botMessage.js';
import { badRequest } from './errors.js';
import type { SendOrder } from './sendOrder.js';
import type { SessionWebhooks } from './sessionWebhooks.js';

/** The longest text a user sends, in characters. */
export const MAX_USER_TEXT = 5000;

export interface UserText {
  corpId: string;
  userId: string;
  robotCode: string;
  text: string;
}

/**
 * What users write to robots: stored as the user's message in the chat, shown
 * to its members, and pushed to the robot unless it receives nothing
 * (docs/behaviour.md, Conversations and Stream mode). The web client's composer
 * and `POST /_dingo/say` both call `say`.
 */
export class Conversations {
  constructor(
    private readonly store: Store,
    private readonly clock: AdvancingClock,
    private readonly bus: EventBus,
    private readonly sendOrder: SendOrder,
    private readonly sessionWebhooks: SessionWebhooks,
    private readonly deliveries: BotDeliveries,
  ) {}

  /** `userId` writes `text` to the robot in their one-to-one chat; returns the msgId the robot receives. */
  async say({ corpId, userId, robotCode, text }: UserText): Promise<{ msgId: string }> {
    if (text.trim() === '') throw badRequest('invalidParameter.text.empty', 'text is empty');
    if (text.length > MAX_USER_TEXT) throw badRequest('invalidParameter.text.tooLong', `text is longer than ${MAX_USER_TEXT} characters`);
    const sender = await this.store.directory.findUser(corpId, userId);
    if (!sender) throw badRequest('invalidParameter.userId.invalid', `There is no user ${userId} in ${corpId}.`);
    const robot = await this.store.directory.findRobot(corpId, robotCode);
    if (!robot) throw badRequest('invalidParameter.robotCode.invalid', `There is no robot ${robotCode} in ${corpId}.`);

    const now = this.clock.now();
    const message: UserMessageRecord = {
      corpId,
      msgId: newMsgId(),
      senderId: userId,
      chat: { kind: 'oto', robotCode },
      msgtype: 'text',
      content: { content: text },
      createdAt: now,
      sendOrder: this.sendOrder.next(now),
    };
    const pushed = await this.store.transaction(async (store) => {
      await store.conversations.insertMessage(message);
      if (robot.receive === 'none') return false;
      const conversationId = await store.conversations.ensureOneToOneConversation(corpId, robotCode, userId, newConversationId());
      const sessionWebhook = await this.sessionWebhooks.open(store.conversations, { corpId, robotCode, userId, createdAt: now });
      const payload = buildBotMessage({ message, conversation: { kind: 'oneToOne', conversationId }, robot, sender, sessionWebhook });
      await this.deliveries.enqueue(
        store.botDeliveries,
        { corpId, msgId: message.msgId, clientId: robot.appKey, robotCode, channel: robot.receive === 'http' ? 'http' : 'stream', topic: BOT_MESSAGE_TOPIC, payload: JSON.stringify(payload) },
        now,
      );
      return true;
    });
    this.bus.publish({ type: 'said', corpId, msgId: message.msgId, chat: message.chat, userIds: [userId], at: now });
    if (pushed) this.deliveries.pushDue();
    return { msgId: message.msgId };
  }
}

/** Like DingTalk's: `msg` and 128 random bits in base64. */
function newMsgId(): string {
  return `msg${randomBytes(16).toString('base64')}`;
}

/** Like DingTalk's openConversationIds: `cid` and 128 random bits in base64. */
function newConversationId(): string {
  return `cid${randomBytes(16).toString('base64')}`;
}
