import type { LoggedMessage } from '../../domain/corpConsole.js';
import { isoTime, isoTimeOrNull } from '../wire.js';
import { robotMessageProperties, toRobotMessageFields } from './robotMessage.js';

const text = { type: 'string' } as const;
const isoOrNull = { type: ['string', 'null'] } as const;

/** A message of the console's message log: where it was sent, when, whether recalled, and each recipient's read state. */
export const loggedMessageSchema = {
  type: 'object',
  properties: {
    ...robotMessageProperties,
    chatKind: { type: 'string', enum: ['oto', 'p2p', 'group'] },
    openConversationId: { type: ['string', 'null'] },
    createdAt: text,
    recalledAt: isoOrNull,
    recipients: {
      type: 'array',
      items: { type: 'object', properties: { userId: text, name: text, readStatus: { type: 'string', enum: ['READ', 'UNREAD'] }, readAt: isoOrNull } },
    },
  },
} as const;

export function toLoggedMessage(message: LoggedMessage) {
  return {
    ...toRobotMessageFields(message),
    chatKind: message.chatKind,
    openConversationId: message.openConversationId,
    createdAt: isoTime(message.createdAt),
    recalledAt: isoTimeOrNull(message.recalledAt),
    recipients: message.recipients.map((r) => ({
      userId: r.userId,
      name: r.name,
      readStatus: r.readAt === null ? 'UNREAD' : 'READ',
      readAt: isoTimeOrNull(r.readAt),
    })),
  };
}
