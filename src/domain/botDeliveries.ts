import { randomBytes } from 'node:crypto';
import type { BotDeliveryRecord, BotDeliveryStore, DeliveryEvent, DeliveryStatus } from '../store/botDeliveryStore.js';
import type { Clock } from '../clock.js';
import type { NodeChannel } from '../events/nodeChannel.js';
import type { Store } from '../store/store.js';
import { type BotMessage, chatOfBotMessage, type RobotChat } from './botMessage.js';
import { type FaultRule, type Faults, sleep } from './faults.js';
import type { DomainMetrics } from './metrics.js';
import { type BotDeliveryChannels, type BotPush, faultOutcome, isDelayOnly, type PushReply } from './pushChannel.js';
import { type ChatMessageContent, chatMessageOfBody } from './sessionWebhookBodies.js';

/** Unacked pushes are pushed again after 60 s, as DingTalk does; `--redelivery-ms` changes it. */
export const DEFAULT_REDELIVERY_MS = 60_000;
/** A message is pushed at most this many times (the first push and two redeliveries), then counts as unacked (an HTTP callback: failed). */
export const MAX_PUSHES = 3;

/** Where a robot's answer to an HTTP callback goes: into the chat the message came from. */
export interface BotAnswers {
  answer(chat: RobotChat, content: ChatMessageContent): Promise<unknown>;
}

/** A push about to be tried: the delivery, the time of the try, and the injected fault it takes (not a mere delay). */
interface PushAttempt {
  delivery: BotDeliveryRecord;
  now: number;
  fault: FaultRule | undefined;
}

/** What moving a delivery on needs of it: which one, and the state it is expected in. */
type DeliveryMove = Pick<BotDeliveryRecord, 'corpId' | 'deliveryId' | 'status' | 'pushes'>;

/** A clock whose moves this service hears, so that what fell due is pushed at once. */
export interface AdvancingClock extends Clock {
  onAdvance(listener: () => void): () => void;
}

/**
 * Delivers users' messages to robots' apps through a push channel, with
 * DingTalk's semantics (docs/behaviour.md, Conversations and Stream mode; HTTP
 * callbacks): one receiver per push, redelivery of what is not acked (or, by
 * HTTP, not answered with a 2xx) in time, waiting for a receiver that is not
 * there yet; a message in a callback's answer posted as the robot's reply;
 * every step in the delivery log. The work of one node runs one step at a
 * time, so a push and its ack never race; an HTTP callback's wait runs beside
 * the steps, and its answer is one more step. Across nodes: the deliveries and
 * their due times are in the store; a node claims a delivery there (one
 * conditional update) before it pushes, so of several nodes exactly one pushes;
 * a delivery that waits for a receiver is announced on the channel between
 * nodes, and a node holding a connection of that app pushes it.
 * The Stream push path's costs: a committed message this node can push is
 * pushed from memory, not read back; the Stream pushes and the acks that
 * gathered while a step ran are each written in one transaction (one commit).
 */
export class BotDeliveries {
  private queue: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires (real time), while it is set. */
  private timerFiresAt = Infinity;
  /** A `pushDue` is queued and has not started: another one would find nothing more. */
  private dueScanQueued = false;
  /** Apps whose `receiverConnected` is queued and has not started. */
  private readonly waitingScansQueued = new Set<string>();
  private stopListening: (() => void) | undefined;
  private stopped = false;
  /** HTTP callbacks posted and not answered yet: never posted twice at once. */
  private readonly awaitingReply = new Set<string>();

  /** Committed Stream deliveries this node has a receiver for, not pushed yet: one step pushes all of them, in one transaction. */
  private readonly fresh: BotDeliveryRecord[] = [];
  /** Acks heard and not settled yet: one step settles all of them, in one transaction. */
  private readonly acks: Array<{ push: BotPush; connectionId: string }> = [];

  constructor(
    private readonly stores: Pick<Store, 'botDeliveries' | 'transaction'>,
    private readonly clock: AdvancingClock,
    private readonly channels: BotDeliveryChannels,
    private readonly answers: BotAnswers,
    private readonly faults: Faults,
    private readonly redeliveryMs: number,
    private readonly channel: NodeChannel,
    private readonly metrics: DomainMetrics,
  ) {}

  private get store(): BotDeliveryStore {
    return this.stores.botDeliveries;
  }

  /** Starts pushing what is due, now, on every clock move and when the next push falls due. */
  start(): void {
    const stopClock = this.clock.onAdvance(() => this.pushDue());
    const stopNotes = this.channel.subscribe((note) => {
      if (note.kind !== 'deliveryDue') return;
      this.receiverConnected(note.clientId);
      this.pushDue();
    });
    this.stopListening = () => {
      stopClock();
      stopNotes();
    };
    this.pushDue();
  }

  /** Stops the timers; waits for the step under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    clearTimeout(this.timer);
    await this.queue;
  }

  /** Queues a push inside the caller's transaction (`store` bound to it); hand what it returns to `dispatch` once it commits. */
  async enqueue(store: BotDeliveryStore, push: Omit<BotPush, 'deliveryId' | 'pushes'> & { msgId: string }, now: number): Promise<BotDeliveryRecord> {
    const delivery: BotDeliveryRecord = { ...push, deliveryId: newDeliveryId(), status: 'waiting', pushes: 0, createdAt: now, dueAt: now };
    await store.insert(delivery);
    await store.log({ corpId: push.corpId, deliveryId: delivery.deliveryId, event: 'queued', at: now, connectionId: null, detail: null });
    return delivery;
  }

  /**
   * Committed deliveries of `enqueue`: those this node has a receiver for are pushed at once, without
   * reading them back; the others are announced to every node.
   */
  dispatch(deliveries: readonly BotDeliveryRecord[]): void {
    const elsewhere: string[] = [];
    for (const delivery of deliveries) {
      if (!this.channels[delivery.channel].canReach(delivery)) elsewhere.push(delivery.clientId);
      // An HTTP callback's push reads the store itself: never inside the batch's transaction (SQLite's one connection).
      else if (delivery.channel === 'http') this.step(() => this.tryPush(delivery));
      else if (this.fresh.push(delivery) === 1) this.step(() => this.pushFresh());
    }
    this.announce(elsewhere);
  }

  /** Pushes every delivery that is due now, then waits for the next one. */
  pushDue(): void {
    if (this.dueScanQueued) return;
    this.dueScanQueued = true;
    this.step(async () => {
      this.dueScanQueued = false;
      for (const delivery of await this.store.listDue(this.clock.now(), 100)) {
        if (!this.awaitingReply.has(delivery.deliveryId)) await this.advance(delivery);
      }
      await this.scheduleNext();
    });
  }

  /** Tells every node that deliveries of these apps wait for a receiver (queued ones, once committed). */
  announce(clientIds: Iterable<string>): void {
    for (const clientId of new Set(clientIds)) this.channel.publish({ kind: 'deliveryDue', clientId });
  }

  /** A receiver of `clientId` is on this node (it connected, or a delivery was announced): what waits for one is pushed now. */
  receiverConnected(clientId: string): void {
    if (this.waitingScansQueued.has(clientId)) return;
    this.waitingScansQueued.add(clientId);
    this.step(async () => {
      this.waitingScansQueued.delete(clientId);
      for (const delivery of await this.store.listWaiting(clientId, 100)) {
        if (this.channels[delivery.channel].canReach(delivery)) await this.tryPush(delivery);
      }
    });
  }

  /**
   * The receiver `connectionId` acked `push`: the delivery is never pushed again. Acks of anything else are ignored.
   */
  acknowledge(push: BotPush, connectionId: string): void {
    this.acks.push({ push, connectionId });
    if (this.acks.length === 1) this.step(() => this.settleAcks());
  }

  /** Waits for the work queued so far (tests, shutdown). */
  settled(): Promise<void> {
    return this.queue;
  }

  private step(work: () => Promise<void>): void {
    this.queue = this.queue.then(() => (this.stopped ? undefined : work())).catch(() => undefined);
  }

  /**
   * Pushes every fresh Stream delivery in one transaction (one commit for all the claims and log entries). An injected
   * delay is waited for first: a transaction is never held open across it.
   */
  private async pushFresh(): Promise<void> {
    const attempts: PushAttempt[] = [];
    for (const delivery of this.fresh.splice(0)) attempts.push(await this.attempt(delivery));
    const afterCommit: Array<() => void> = [];
    await this.stores.transaction(async ({ botDeliveries }) => {
      for (const attempt of attempts) await this.pushOrWait(botDeliveries, attempt, false, (work) => afterCommit.push(work));
    });
    for (const work of afterCommit) work();
  }

  /** Settles every ack heard so far in one transaction (one commit, however many acks came in meanwhile). */
  private async settleAcks(): Promise<void> {
    const acks = this.acks.splice(0);
    const settled = await this.stores.transaction(async ({ botDeliveries }) => {
      let count = 0;
      for (const { push, connectionId } of acks) if (await this.settleAck(botDeliveries, push, connectionId)) count++;
      return count;
    });
    for (let ack = 0; ack < settled; ack++) this.metrics.acked();
  }

  private async settleAck(store: BotDeliveryStore, push: BotPush, connectionId: string): Promise<boolean> {
    // Usually the delivery is still as it was pushed; read it only when something moved it since.
    const pushed = { corpId: push.corpId, deliveryId: push.deliveryId, status: 'pushed' as const, pushes: push.pushes };
    if (await this.settle(pushed, 'acked', 'acked', connectionId, null, store)) return true;
    const delivery = await store.find(push.corpId, push.deliveryId);
    if (!delivery || (delivery.status !== 'pushed' && delivery.status !== 'waiting')) return false;
    return this.settle(delivery, 'acked', 'acked', connectionId, null, store);
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
    await this.pushOrWait(this.store, await this.attempt(delivery), lastTry, (work) => work());
  }

  /** A push about to be tried: the injected fault it takes, if any (after waiting an injected delay). */
  private async attempt(delivery: BotDeliveryRecord): Promise<PushAttempt> {
    const now = this.clock.now();
    const fault = this.faults.take(delivery.channel === 'stream' ? 'stream' : 'callback', delivery.clientId);
    if (fault?.delayMs) await sleep(fault.delayMs);
    return { delivery, now, fault: fault !== undefined && !isDelayOnly(fault) ? fault : undefined };
  }

  /**
   * Claims the delivery in `store` and pushes it, or lets it wait for a receiver. What others may only see
   * once `store`'s writes commit (counts, announcements, an HTTP answer's handling) goes to `afterCommit`.
   */
  private async pushOrWait(store: BotDeliveryStore, { delivery, now, fault }: PushAttempt, lastTry: boolean, afterCommit: (work: () => void) => void): Promise<void> {
    const channel = this.channels[delivery.channel];
    if (fault === undefined && !channel.canReach(delivery)) {
      await this.awaitReceiver(store, delivery, now, lastTry, afterCommit);
      return;
    }
    // Claimed first: of the nodes that could push it, the one whose update moves it pushes.
    const pushed = { status: 'pushed' as const, pushes: delivery.pushes + 1 };
    if (!(await store.update(delivery.corpId, delivery.deliveryId, delivery, { ...pushed, dueAt: now + this.redeliveryMs }))) return;
    this.wakeBy(now + this.redeliveryMs);
    const outcome = fault ? faultOutcome(fault) : await channel.push({ ...delivery, pushes: pushed.pushes });
    const event = delivery.pushes === 0 ? 'pushed' : 'redelivered';
    if (!fault && outcome.kind !== 'noReceiver') afterCommit(() => this.metrics.pushed(delivery.channel, event === 'redelivered'));
    if (outcome.kind === 'noReceiver') {
      await this.log(delivery, event, null, 'the connection closed before the push; pushed again when due', store);
      return;
    }
    if (outcome.kind === 'sent') {
      await this.log(delivery, event, fault ? null : outcome.connectionId, fault ? 'not sent: an injected fault withheld it' : null, store);
      return;
    }
    const target = fault ? null : outcome.target;
    await this.log(delivery, event, target, null, store);
    afterCommit(() => {
      this.awaitingReply.add(delivery.deliveryId);
      void outcome.reply.then((reply) =>
        this.step(async () => {
          this.awaitingReply.delete(delivery.deliveryId);
          await this.settleReply({ ...delivery, ...pushed }, target, reply);
        }),
      );
    });
  }

  /**
   * No receiver on this node: the delivery waits for one until its redelivery window ends (a redelivery
   * is announced, so a node holding a connection pushes it now); after its last try, it is unacked.
   */
  private async awaitReceiver(store: BotDeliveryStore, delivery: BotDeliveryRecord, now: number, lastTry: boolean, afterCommit: (work: () => void) => void): Promise<void> {
    if (lastTry) {
      await this.settle(delivery, 'unacked', 'unacked', null, 'not acked, and no connection to push it to again', store);
      return;
    }
    const dueAt = delivery.pushes === 0 ? delivery.createdAt + this.redeliveryMs : now + this.redeliveryMs;
    if (delivery.status === 'waiting' && delivery.dueAt === dueAt) return;
    const moved = await store.update(delivery.corpId, delivery.deliveryId, delivery, { status: 'waiting', pushes: delivery.pushes, dueAt });
    if (moved && delivery.status === 'pushed') afterCommit(() => this.announce([delivery.clientId]));
  }

  /** An HTTP callback's answer: a message in a 2xx is the robot's reply; a failure is retried until the last push. */
  private async settleReply(delivery: BotDeliveryRecord, target: string | null, reply: PushReply): Promise<void> {
    // An injected fault (no target) posted nothing.
    if (target !== null) this.metrics.callbackAnswered(reply.kind === 'answered');
    if (reply.kind === 'failed') {
      if (delivery.pushes >= MAX_PUSHES) await this.settle(delivery, 'failed', 'failed', target, `${reply.detail}; gave up after ${MAX_PUSHES} posts`);
      else await this.log(delivery, 'failed', target, `${reply.detail}; posted again in ${this.redeliveryMs} ms`);
      return;
    }
    const content = chatMessageOfBody(reply.body);
    if (!content) {
      await this.settle(delivery, 'delivered', 'delivered', target, `HTTP ${reply.status}, no message in the answer`);
      return;
    }
    if (await this.settle(delivery, 'answered', 'answered', target, `HTTP ${reply.status}, ${content.msgKey} posted as the robot's reply`)) {
      await this.answers.answer(chatOfBotMessage(JSON.parse(delivery.payload) as BotMessage), content);
    }
  }

  /** Settles a delivery that is still as `delivery` says; false when something else moved it first. */
  private async settle(
    delivery: DeliveryMove,
    status: Exclude<DeliveryStatus, 'waiting' | 'pushed'>,
    event: DeliveryEvent,
    connectionId: string | null,
    detail: string | null = null,
    store = this.store,
  ): Promise<boolean> {
    const now = this.clock.now();
    if (!(await store.update(delivery.corpId, delivery.deliveryId, delivery, { status, pushes: delivery.pushes, dueAt: now }))) return false;
    await this.log(delivery, event, connectionId, detail, store);
    return true;
  }

  private log(delivery: DeliveryMove, event: DeliveryEvent, connectionId: string | null, detail: string | null = null, store = this.store): Promise<void> {
    return store.log({ corpId: delivery.corpId, deliveryId: delivery.deliveryId, event, at: this.clock.now(), connectionId, detail });
  }

  /** Wakes up when the next open delivery falls due (real time runs at the clock's pace between moves). */
  private async scheduleNext(): Promise<void> {
    clearTimeout(this.timer);
    this.timerFiresAt = Infinity;
    const dueAt = await this.store.nextDueAt();
    if (dueAt !== undefined) this.wakeBy(dueAt);
  }

  /** Makes sure the timer fires by `dueAt` (Dingo's clock): set anew only when it would fire later, not once per push. */
  private wakeBy(dueAt: number): void {
    if (this.stopped) return;
    const delay = Math.min(Math.max(dueAt - this.clock.now(), 0) + 5, 2 ** 31 - 1);
    const firesAt = Date.now() + delay;
    if (firesAt >= this.timerFiresAt) return;
    clearTimeout(this.timer);
    this.timerFiresAt = firesAt;
    this.timer = setTimeout(() => {
      this.timerFiresAt = Infinity;
      this.pushDue();
    }, delay);
    this.timer.unref();
  }
}

/** The messageId of the frames that carry a delivery: 128 random bits, hex. */
function newDeliveryId(): string {
  return randomBytes(16).toString('hex');
}
