import type { ChatEntry } from '../api/contract';

/** The key of a chat entry: a robot message's processQueryKey, a user message's msgId. */
export function entryKey(entry: ChatEntry): string {
  return entry.kind === 'user' ? `user:${entry.msgId}` : entry.processQueryKey;
}

/** Whether the signed-in user wrote `entry` (shown on the right); robots' and other members' messages are not. */
export function isOwnMessage(entry: ChatEntry, signedInUserId: string): boolean {
  return entry.kind === 'user' && entry.sender.id === signedInUserId;
}
