import type { MessagePlace } from '../store/messageStore.js';

/** The kind of chat a robot message goes to: one-to-one, a private chat, a group. */
export type ChatKind = MessagePlace['chatKind'];

/**
 * What the domain counts (docs/deployment.md, Metrics). Each fact is counted once, by the
 * node where it happens and only once it is committed: never by the nodes that hear of it.
 */
export interface DomainMetrics {
  /** A robot message was stored for `recipients` users. */
  sent(chatKind: ChatKind, recipients: number): void;
  /** A send left out `recipients` users over the flow-control limit. */
  flowControlled(recipients: number): void;
  /** A user read a copy of a message for the first time. */
  read(): void;
  /** A message was recalled (recalling it again is not counted). */
  recalled(): void;
  /** A user's message was pushed to a robot's app, for the first time or again. */
  pushed(channel: 'stream' | 'http', redelivery: boolean): void;
  /** A Stream push was acked. */
  acked(): void;
  /** An HTTP callback post was answered with a 2xx (`ok`), or not. */
  callbackAnswered(ok: boolean): void;
}
