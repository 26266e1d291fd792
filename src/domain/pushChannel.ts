import type { FaultRule } from './faults.js';

/** One push of a user's message to a robot's app, as a channel carries it. */
export interface BotPush {
  corpId: string;
  deliveryId: string;
  /** The robot's app: appKey, or suiteKey. */
  clientId: string;
  robotCode: string;
  /** Which channel carries it: the robot's `receive` when the message was written. */
  channel: 'stream' | 'http';
  topic: string;
  /** The JSON text of the message. */
  payload: string;
  /** Which push of the delivery this is: 1 the first, more for redeliveries. */
  pushes: number;
}

/**
 * What a channel did with a push: handed to one receiver that acks later (Stream), posted to a
 * receiver that answers on the same call (HTTP callback), or nobody was there to take it.
 */
export type PushOutcome =
  | { kind: 'sent'; connectionId: string }
  | { kind: 'posted'; target: string; reply: Promise<PushReply> }
  | { kind: 'noReceiver' };

/** How a posted push was answered: a 2xx with its body (parsed JSON, or undefined when empty or not JSON), or a failure. */
export type PushReply = { kind: 'answered'; status: number; body: unknown } | { kind: 'failed'; detail: string };

/** A transport that carries pushes to bots: the Stream gateway (src/gateway), the HTTP callback (src/callbacks). */
export interface PushChannel {
  /** Whether this node has a receiver for pushes of `clientId` on `topic` (a Stream connection; an HTTP callback always). */
  canReach(push: Pick<BotPush, 'clientId' | 'topic'>): boolean;
  /** Carries `push`; a receiver's ack later names this same push (Stream). */
  push(push: BotPush): PushOutcome | Promise<PushOutcome>;
}

export interface BotDeliveryChannels {
  stream: PushChannel;
  http: PushChannel;
}

/** A fault that only delays the push: it is then pushed as usual. */
export function isDelayOnly(fault: FaultRule): boolean {
  return fault.delayMs !== null && fault.code === null && fault.status === null;
}

/** What an injected fault makes of a push: a Stream push not sent (so never acked), or an HTTP callback answered with an error. */
export function faultOutcome(fault: FaultRule): PushOutcome {
  if (fault.api === 'stream') return { kind: 'sent', connectionId: '' };
  const answer = `HTTP ${fault.status ?? 500}${fault.code === null ? '' : ` ${fault.code}`}`;
  return { kind: 'posted', target: '', reply: Promise.resolve({ kind: 'failed', detail: `${answer} (an injected fault; nothing was posted)` }) };
}
