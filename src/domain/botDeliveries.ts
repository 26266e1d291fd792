import { randomBytes } from 'node:crypto';
import type { BotDeliveryRecord, BotDeliveryStore, DeliveryEvent } from '../store/botDeliveryStore.js';
import type { Clock } from '../clock.js';

/** Unacked pushes are pushed again after 60 s, as DingTalk does; `--redelivery-ms` changes it. */
export const DEFAULT_REDELIVERY_MS = 60_000;
/** A message is pushed at most this many times (the first push and two redeliveries), then counts as unacked. */
export const MAX_PUSHES = 3;

/** One push of a user's message to a robot's app, as a channel carries it. */
export interface BotPush {
  corpId: string;
  deliveryId: string;
  /** The robot's app: appKey, or suiteKey. */
  clientId: string;
  robotCode: string;
  topic: string;
  /** The JSON text of the message. */
  payload: string;
}

/** What a channel did with a push: handed to one receiver (awaiting its ack), or nobody was there to take it. */
export type PushOutcome = { kind: 'sent'; connectionId: string } | { kind: 'noReceiver' };

/** A transport that carries pushes to bots: the Stream gateway (src/gateway), the HTTP callback next. */
export interface PushChannel {
  push(push: BotPush): PushOutcome | Promise<PushOutcome>;
}

/** A clock whose moves this service hears, so that what fell due is pushed at once. */
export interface AdvancingClock extends Clock {
  onAdvance(listener: () => void): () => void;
}

/**
 * Delivers users' messages to robots' apps through a push channel, with
 * DingTalk's semantics (docs/behaviour.md, Conversations and Stream mode): one
 * receiver per push, redelivery of what is not acked in time, waiting for a
 * receiver that is not there yet; every step in the delivery log. The work of
 * one node runs one step at a time, so a push and its ack never race.
 */
export class BotDeliveries {
  private queue: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly store: BotDeliveryStore,
    private readonly clock: AdvancingClock,
    private readonly stream: PushChannel,
    private readonly redeliveryMs: number,
  ) {}

  /** Starts pushing what is due, now, on every clock move and when the next push falls due. */
  start(): void {
    this.stopListening = this.clock.onAdvance(() => this.pushDue());
    this.pushDue();
  }

  /** Stops the timers; waits for the step under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    clearTimeout(this.timer);
    await this.queue;
  }

  /** Queues a push inside the caller's transaction (`store` bound to it); call `pushDue` once it commits. */
  async enqueue(store: BotDeliveryStore, push: Omit<BotPush, 'deliveryId'> & { msgId: string }, now: number): Promise<void> {
    const delivery: BotDeliveryRecord = { ...push, deliveryId: newDeliveryId(), channel: 'stream', status: 'waiting', pushes: 0, createdAt: now, dueAt: now };
    await store.insert(delivery);
    await store.log({ corpId: push.corpId, deliveryId: delivery.deliveryId, event: 'queued', at: now, connectionId: null, detail: null });
  }

  /** Pushes every delivery that is due now, then waits for the next one. */
  pushDue(): void {
    this.step(async () => {
      for (const delivery of await this.store.listDue(this.clock.now(), 100)) await this.advance(delivery);
      await this.scheduleNext();
    });
  }

  /** A receiver of `clientId` connected: what waited for one is pushed now. */
  receiverConnected(clientId: string): void {
    this.step(async () => {
      for (const delivery of await this.store.listWaiting(clientId, 100)) await this.tryPush(delivery);
    });
  }

  /** The receiver `connectionId` acked `deliveryId`: it is never pushed again. Acks of anything else are ignored. */
  acknowledge(corpId: string, deliveryId: string, connectionId: string): void {
    this.step(async () => {
      const delivery = await this.store.find(corpId, deliveryId);
      if (!delivery || (delivery.status !== 'pushed' && delivery.status !== 'waiting')) return;
      await this.settle(delivery, 'acked', 'acked', connectionId);
    });
  }

  /** Waits for the work queued so far (tests, shutdown). */
  settled(): Promise<void> {
    return this.queue;
  }

  private step(work: () => Promise<void>): void {
    this.queue = this.queue.then(() => (this.stopped ? undefined : work())).catch(() => undefined);
  }

  /** A due delivery: push it (again), or give up on it. */
  private async advance(delivery: BotDeliveryRecord): Promise<void> {
    const now = this.clock.now();
    if (delivery.status === 'waiting' && delivery.pushes === 0 && now >= delivery.createdAt + this.redeliveryMs) {
      await this.settle(delivery, 'undelivered', 'undelivered', null, 'no connection took it in time');
    } else if (delivery.pushes >= MAX_PUSHES) {
      await this.settle(delivery, 'unacked', 'unacked', null, `not acked after ${MAX_PUSHES} pushes`);
    } else {
      // A redelivery that already waited its window for a receiver gets this last try.
      await this.tryPush(delivery, delivery.status === 'waiting' && delivery.pushes > 0);
    }
  }

  private async tryPush(delivery: BotDeliveryRecord, lastTry = false): Promise<void> {
    const now = this.clock.now();
    const outcome = await this.stream.push(delivery);
    if (outcome.kind === 'noReceiver' && lastTry) {
      await this.settle(delivery, 'unacked', 'unacked', null, 'not acked, and no connection to push it to again');
      return;
    }
    if (outcome.kind === 'noReceiver') {
      // Nobody to take it: wait for a receiver until the redelivery window ends.
      const dueAt = delivery.pushes === 0 ? delivery.createdAt + this.redeliveryMs : now + this.redeliveryMs;
      if (delivery.status !== 'waiting' || delivery.dueAt !== dueAt) await this.store.update(delivery.corpId, delivery.deliveryId, delivery, { status: 'waiting', pushes: delivery.pushes, dueAt });
      return;
    }
    const moved = await this.store.update(delivery.corpId, delivery.deliveryId, delivery, { status: 'pushed', pushes: delivery.pushes + 1, dueAt: now + this.redeliveryMs });
    if (moved) await this.log(delivery, delivery.pushes === 0 ? 'pushed' : 'redelivered', outcome.connectionId);
  }

  private async settle(delivery: BotDeliveryRecord, status: 'acked' | 'undelivered' | 'unacked', event: DeliveryEvent, connectionId: string | null, detail: string | null = null): Promise<void> {
    const now = this.clock.now();
    if (await this.store.update(delivery.corpId, delivery.deliveryId, delivery, { status, pushes: delivery.pushes, dueAt: now })) {
      await this.log(delivery, event, connectionId, detail);
    }
  }

  private log(delivery: BotDeliveryRecord, event: DeliveryEvent, connectionId: string | null, detail: string | null = null): Promise<void> {
    return this.store.log({ corpId: delivery.corpId, deliveryId: delivery.deliveryId, event, at: this.clock.now(), connectionId, detail });
  }

  /** Wakes up when the next open delivery falls due (real time runs at the clock's pace between moves). */
  private async scheduleNext(): Promise<void> {
    clearTimeout(this.timer);
    const dueAt = await this.store.nextDueAt();
    if (dueAt === undefined || this.stopped) return;
    const delay = Math.min(Math.max(dueAt - this.clock.now(), 0) + 5, 2 ** 31 - 1);
    this.timer = setTimeout(() => this.pushDue(), delay);
    this.timer.unref();
  }
}

/** The messageId of the frames that carry a delivery: 128 random bits, hex. */
function newDeliveryId(): string {
  return randomBytes(16).toString('hex');
}
