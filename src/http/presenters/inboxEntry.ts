import type { InboxEntry } from '../../store/messageStore.js';
import { isoTime } from '../wire.js';
import { robotMessageProperties, toRobotMessageFields } from './robotMessage.js';

/** A message as one user sees it now (`GET /_dingo/inbox`): its chat when it has an openConversationId, whether they read it. */
export const inboxEntrySchema = {
  type: 'object',
  properties: {
    ...robotMessageProperties,
    openConversationId: { type: 'string' },
    read: { type: 'boolean' },
    createdAt: { type: 'string' },
  },
} as const;

export function toInboxEntry(entry: InboxEntry) {
  return {
    ...toRobotMessageFields(entry),
    ...(entry.openConversationId === null ? {} : { openConversationId: entry.openConversationId }),
    read: entry.readAt !== null,
    createdAt: isoTime(entry.createdAt),
  };
}
