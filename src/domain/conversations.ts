import { randomBytes } from 'node:crypto';
import type { EventBus } from '../events/bus.js';
import type { BotDeliveryRecord } from '../store/botDeliveryStore.js';
import type { UserMessageChat, UserMessageRecord } from '../store/conversationStore.js';
import type { RobotRecord } from '../store/directoryStore.js';
import type { ChatRef } from '../store/messageStore.js';
import type { Store } from '../store/store.js';
import type { AdvancingClock, BotDeliveries } from './botDeliveries.js';
import { BOT_MESSAGE_TOPIC, buildBotMessage, type BotMessageConversation } from './botMessage.js';
import { badRequest } from './errors.js';
import { resolveMentions } from './groupMentions.js';
import type { MediaFiles } from './mediaFiles.js';
import type { SendOrder } from './sendOrder.js';
import type { SessionWebhooks } from './sessionWebhooks.js';
import { botContentOf, decodeUpload, userMessageContent, type UserFileUpload } from './userAttachments.js';

/** The longest text a user sends, in characters. */
export const MAX_USER_TEXT = 5000;

/**
 * What a user sends, as the composer and `POST /_dingo/say` give it: into the one-to-one
 * chat with `robotCode`, or into the group `openConversationId` (where `robotCode`,
 * `atRobotCodes`, `atRobot` and `@Name` in the text mention robots); text, a file, or both
 * (a picture with text is one richText message).
 */
export interface UserSay {
  corpId: string;
  userId: string;
  robotCode?: string;
  openConversationId?: string;
  text?: string;
  file?: UserFileUpload;
  atRobot?: boolean;
  atRobotCodes?: readonly string[];
}

/** The chat a user message goes into, with the robots that receive it and what a group message tells them. */
interface Destination {
  chat: UserMessageChat;
  members: readonly string[];
  receivers: RobotRecord[];
  conversation: (store: Store, robot: RobotRecord) => Promise<BotMessageConversation>;
}

/**
 * What users write to robots: stored as the user's message in the chat, shown
 * to its members, and pushed to each robot that receives it unless the robot
 * receives nothing (docs/behaviour.md, Conversations and Stream mode). The web
 * client's composer and `POST /_dingo/say` both call `say`.
 */
export class Conversations {
  constructor(
    private readonly store: Store,
    private readonly clock: AdvancingClock,
    private readonly bus: EventBus,
    private readonly sendOrder: SendOrder,
    private readonly sessionWebhooks: SessionWebhooks,
    private readonly deliveries: BotDeliveries,
    private readonly mediaFiles: Pick<MediaFiles, 'save' | 'issueDownloadCode'>,
  ) {}

  /** `userId` writes into a chat; returns the msgId the robots receive. */
  async say(request: UserSay): Promise<{ msgId: string }> {
    const { corpId, userId, file } = request;
    const text = request.text ?? '';
    if (text.trim() === '' && !file) throw badRequest('invalidParameter.text.empty', 'text is empty');
    if (text.length > MAX_USER_TEXT) throw badRequest('invalidParameter.text.tooLong', `text is longer than ${MAX_USER_TEXT} characters`);
    if (file?.kind === 'file' && text.trim() !== '') throw badRequest('invalidParameter.text.withFile', 'a file is sent without text: send the text as its own message');
    const upload = file && decodeUpload(file);
    const sender = await this.store.directory.findUser(corpId, userId);
    if (!sender) throw badRequest('invalidParameter.userId.invalid', `There is no user ${userId} in ${corpId}.`);
    const destination = await this.destinationOf(request, text);

    const stored = upload && (await this.mediaFiles.save(corpId, upload.mediaKind, upload.incoming));
    const now = this.clock.now();
    const draft: Omit<UserMessageRecord, 'sendOrder'> = {
      corpId,
      msgId: newMsgId(),
      senderId: userId,
      chat: destination.chat,
      ...userMessageContent(text, stored && upload && { kind: upload.kind, stored }),
      createdAt: now,
    };
    const receivers = destination.receivers.filter((robot) => robot.receive !== 'none');
    const downloadCodes = new Map<string, string>();
    for (const robot of receivers) if (stored) downloadCodes.set(robot.robotCode, await this.mediaFiles.issueDownloadCode(corpId, robot.robotCode, stored));

    const deliveries = await this.sendOrder.forTransaction(corpId, now, (takeOrder) =>
      this.store.transaction(async (store) => {
        const message: UserMessageRecord = { ...draft, sendOrder: await takeOrder(store.sendOrders) };
        const queued: BotDeliveryRecord[] = [];
        const copies = destination.chat.kind === 'group' ? destination.members.map((member) => ({ userId: member, readAt: member === userId ? now : null })) : [];
        await store.conversations.insertMessage(message, copies);
        for (const robot of receivers) {
          const { robotCode } = robot;
          const openConversationId = destination.chat.kind === 'group' ? destination.chat.openConversationId : null;
          const sessionWebhook = await this.sessionWebhooks.open(store.conversations, { corpId, robotCode, userId, openConversationId, createdAt: now });
          const content = botContentOf(message.msgtype, message.content, downloadCodes.get(robotCode));
          const payload = buildBotMessage({ message, content, conversation: await destination.conversation(store, robot), robot, sender, sessionWebhook });
          const delivery = await this.deliveries.enqueue(
            store.botDeliveries,
            {
              corpId,
              msgId: message.msgId,
              clientId: robot.appKey,
              robotCode,
              channel: robot.receive === 'http' ? 'http' : 'stream',
              topic: BOT_MESSAGE_TOPIC,
              payload: JSON.stringify(payload),
            },
            now,
          );
          queued.push(delivery);
        }
        return queued;
      }),
    );
    const chat: ChatRef = draft.chat.kind === 'oto' ? draft.chat : { kind: 'group', openConversationId: draft.chat.openConversationId };
    this.bus.publish({ type: 'said', corpId, msgId: draft.msgId, chat, senderId: userId, userIds: [...destination.members], at: now });
    this.deliveries.dispatch(deliveries);
    return { msgId: draft.msgId };
  }

  /** The one-to-one chat with `robotCode`, or the group with the robots the message mentions. */
  private async destinationOf(request: UserSay, text: string): Promise<Destination> {
    const { corpId, userId, robotCode, openConversationId } = request;
    if (openConversationId !== undefined) {
      const group = await this.store.groups.findGroup(corpId, openConversationId);
      if (!group) throw badRequest('invalid.openConversationId', `There is no group ${openConversationId} in ${corpId}.`);
      if (!group.members.includes(userId)) throw badRequest('invalidParameter.userId.notInGroup', `${userId} is not a member of ${openConversationId}.`);
      const installed = (await Promise.all(group.robots.map((code) => this.store.directory.findRobot(corpId, code)))).filter((robot) => robot !== undefined);
      const robotCodes = [...(request.atRobotCodes ?? []), ...(robotCode === undefined ? [] : [robotCode])];
      const mentioned = resolveMentions({ text, robotCodes, atRobot: request.atRobot === true }, installed);
      return {
        chat: { kind: 'group', openConversationId, mentionedRobots: mentioned },
        members: group.members,
        receivers: installed.filter((robot) => mentioned.includes(robot.robotCode)),
        conversation: async () => ({ kind: 'group', conversationId: openConversationId, title: group.title, mentionedRobots: mentioned }),
      };
    }
    if (robotCode === undefined) throw badRequest('invalidParameter.chat.missing', 'robotCode (a one-to-one chat) or openConversationId (a group) is required');
    const robot = await this.store.directory.findRobot(corpId, robotCode);
    if (!robot) throw badRequest('invalidParameter.robotCode.invalid', `There is no robot ${robotCode} in ${corpId}.`);
    return {
      chat: { kind: 'oto', robotCode },
      members: [userId],
      receivers: [robot],
      conversation: async (store) => ({
        kind: 'oneToOne',
        conversationId: await store.conversations.ensureOneToOneConversation(corpId, robotCode, userId, newConversationId()),
      }),
    };
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
