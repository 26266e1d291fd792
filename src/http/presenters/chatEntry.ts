import { viewOfUserMessage } from '../../domain/userAttachments.js';
import type { ChatEntry, ChatSummary } from '../../domain/userChats.js';
import { isoTime, isoTimeOrNull } from '../wire.js';
import { robotMessageProperties, toRobotMessageFields } from './robotMessage.js';

const text = { type: 'string' } as const;

/** A chat entry: kind, sender and createdAt always; a robot's message its template and readAt; a user's its msgId, msgtype, text and attachment. */
export const chatEntrySchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['robot', 'user'] },
    sender: {
      type: 'object',
      properties: { kind: { type: 'string', enum: ['robot', 'customRobot', 'user'] }, id: text, name: text },
    },
    createdAt: text,
    ...robotMessageProperties,
    readAt: { type: ['string', 'null'] },
    msgId: text,
    msgtype: text,
    text,
    attachment: { type: 'object', properties: { kind: { type: 'string', enum: ['picture', 'file'] }, mediaId: text, name: text } },
  },
} as const;

/** A chat in the web client's list, with its newest entry. */
export const chatSummarySchema = {
  type: 'object',
  properties: {
    chatId: text,
    kind: { type: 'string', enum: ['robot', 'private', 'group'] },
    title: text,
    subtitle: text,
    unreadCount: { type: 'integer' },
    lastMessage: { anyOf: [chatEntrySchema, { type: 'null' }] },
    robots: { type: 'array', items: { type: 'object', properties: { robotCode: text, name: text } } },
  },
} as const;

export function toChatSummary(chat: ChatSummary) {
  return { ...chat, lastMessage: chat.lastMessage && toChatEntry(chat.lastMessage) };
}

/** A chat entry as the web client renders it: a robot's message, or what a member wrote (text, a picture or a file). */
export function toChatEntry(message: ChatEntry) {
  const { kind, sender } = message;
  const createdAt = isoTime(message.createdAt);
  if (message.kind === 'user') {
    const { msgId, msgtype, content } = message;
    return { kind, sender, createdAt, msgId, msgtype, ...viewOfUserMessage(msgtype, content) };
  }
  return { kind, sender, createdAt, ...toRobotMessageFields(message), readAt: isoTimeOrNull(message.readAt) };
}
