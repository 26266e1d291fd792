import { createHash } from 'node:crypto';
import type { RobotRecord, UserRecord } from '../store/directoryStore.js';
import type { UserMessageRecord } from '../store/conversationStore.js';

/** The Stream topic of messages users write to robots. */
export const BOT_MESSAGE_TOPIC = '/v1.0/im/bot/messages/get';

/**
 * The message a bot receives (Stream CALLBACK data, or an HTTP callback's body),
 * with DingTalk's field names. Groups add `conversationTitle`, `atUsers` and
 * `isInAtList` (docs/behaviour.md, Conversations and Stream mode).
 */
export interface BotMessage {
  conversationId: string;
  conversationType: '1' | '2';
  chatbotCorpId: string;
  chatbotUserId: string;
  robotCode: string;
  msgId: string;
  createAt: number;
  senderStaffId: string;
  senderId: string;
  senderNick: string;
  senderCorpId: string;
  isAdmin: boolean;
  msgtype: string;
  /** text messages: `text: {content}`; the other kinds: `content: {…}`. */
  text?: Record<string, unknown>;
  content?: Record<string, unknown>;
  /** Groups: the group's title. */
  conversationTitle?: string;
  /** Groups: the robots the message mentions, by their opaque ids (the receiving robot's is its chatbotUserId). */
  atUsers?: Array<{ dingtalkId: string; staffId?: string }>;
  /** Groups: the receiving robot is mentioned (always, since only mentioned robots receive a group message). */
  isInAtList?: boolean;
  sessionWebhook: string;
  sessionWebhookExpiredTime: number;
}

/** Where the message is heard: the one-to-one chat's conversationId, or a group with its title and the robots mentioned. */
export type BotMessageConversation =
  | { kind: 'oneToOne'; conversationId: string }
  | { kind: 'group'; conversationId: string; title: string; mentionedRobots: readonly string[] };

export interface BotMessageSource {
  message: UserMessageRecord;
  /** The message's content as this robot receives it (its own download codes in place of media ids). */
  content: Record<string, unknown>;
  conversation: BotMessageConversation;
  robot: RobotRecord;
  sender: UserRecord;
  sessionWebhook: { url: string; expiresAt: number };
}

/** Builds what the robot receives from what the user wrote. */
export function buildBotMessage({ message, content, conversation, robot, sender, sessionWebhook }: BotMessageSource): BotMessage {
  return {
    conversationId: conversation.conversationId,
    conversationType: conversation.kind === 'group' ? '2' : '1',
    ...(conversation.kind === 'group'
      ? {
          conversationTitle: conversation.title,
          atUsers: conversation.mentionedRobots.map((robotCode) => ({ dingtalkId: opaqueDingTalkId('robot', robot.corpId, robotCode) })),
          isInAtList: conversation.mentionedRobots.includes(robot.robotCode),
        }
      : {}),
    chatbotCorpId: robot.corpId,
    chatbotUserId: opaqueDingTalkId('robot', robot.corpId, robot.robotCode),
    robotCode: robot.robotCode,
    msgId: message.msgId,
    createAt: message.createdAt,
    senderStaffId: sender.userId,
    senderId: opaqueDingTalkId('user', sender.corpId, sender.userId),
    senderNick: sender.name,
    senderCorpId: sender.corpId,
    isAdmin: sender.isAdmin,
    msgtype: message.msgtype,
    ...(message.msgtype === 'text' ? { text: content } : { content }),
    sessionWebhook: sessionWebhook.url,
    sessionWebhookExpiredTime: sessionWebhook.expiresAt,
  };
}

/**
 * DingTalk's opaque, corp-scoped ids of people and robots (`senderId`,
 * `chatbotUserId`, `atUsers[].dingtalkId`): `$:LWCP_v1:$` and 24 base64
 * characters, stable for one user or robot of one corp, not reversible.
 */
export function opaqueDingTalkId(kind: 'user' | 'robot', corpId: string, id: string): string {
  const digest = createHash('sha256').update(`${kind}\u0000${corpId}\u0000${id}`).digest('base64');
  return `$:LWCP_v1:$${digest.slice(0, 24)}`;
}

/** A robot's one-to-one chat with a user: where its answers to that user's messages go. */
export interface RobotChat {
  corpId: string;
  robotCode: string;
  /** The user who wrote the message. */
  userId: string;
  /** The group it was written in; null in a one-to-one chat. */
  openConversationId: string | null;
}

/** The chat a message the robot received was written in, read back from that message. */
export function chatOfBotMessage(message: BotMessage): RobotChat {
  const openConversationId = message.conversationType === '2' ? message.conversationId : null;
  return { corpId: message.chatbotCorpId, robotCode: message.robotCode, userId: message.senderStaffId, openConversationId };
}
