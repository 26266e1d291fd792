import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { StoreAreas } from '../store/store.js';
import { QPS_WINDOW_MS } from './platformLimits.js';

const DAY_MS = 24 * 3600_000;

/** How many rows one batch deletes, in one short transaction: the store is never held for long. */
export const PURGE_BATCH_SIZE = 500;
/** How often (real time) a node purges; also once at start. */
export const PURGE_INTERVAL_MS = 10 * 60_000;

/** What a purge deleted, by area. */
export interface PurgeReport {
  messages: number;
  userMessages: number;
  files: number;
  botDeliveries: number;
  webSessions: number;
  accessTokens: number;
  sessionWebhooks: number;
  streamTickets: number;
  qpsWindows: number;
}

/** One area's purge: deletes one batch of at most `limit` rows and says how many it deleted. */
type PurgeBatch = (limit: number) => Promise<number>;

/**
 * Deletes what a long-running Dingo no longer needs (docs/behaviour.md, Retention), on Dingo's clock:
 * messages (with every recipient's copy and read), users' messages (with their copies), files (with their
 * download codes, and the bytes no file uses any more) and settled deliveries to bots (with their log) once
 * older than `retentionDays` (0 keeps them for ever); web sessions, access tokens, sessionWebhooks and Stream
 * tickets once expired, and the QPS window's places once out of the window, whatever `retentionDays` says,
 * since none of them answers anything after that. Every node purges, at start and every PURGE_INTERVAL_MS,
 * in batches of PURGE_BATCH_SIZE rows: the deletes are idempotent, so nodes purging together only share
 * the work.
 */
export class Retention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: StoreAreas,
    private readonly clock: Clock,
    private readonly retentionDays: number,
    private readonly batchSize = PURGE_BATCH_SIZE,
  ) {}

  /** Purges now and every PURGE_INTERVAL_MS; a purge that fails is reported to `onError` and tried again at the next. */
  start(onError: (error: unknown) => void): void {
    const purgeInBackground = () => void this.purge().catch(onError);
    purgeInBackground();
    this.timer = setInterval(purgeInBackground, PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops the timer; waits for the purge under way, which stops after its current batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running.catch(() => undefined);
  }

  /** Purges what is due at the clock's now, batch after batch, after any purge under way; says what it deleted. */
  purge(): Promise<PurgeReport> {
    const purge = this.running.catch(() => undefined).then(() => this.purgeDue());
    this.running = purge;
    return purge;
  }

  private async purgeDue(): Promise<PurgeReport> {
    const now = this.clock.now();
    const before = now - this.retentionDays * DAY_MS;
    /** A purge of data older than `retentionDays`: none when it is 0. */
    const ofOld = (batch: PurgeBatch): PurgeBatch | undefined => (this.retentionDays === 0 ? undefined : batch);
    const { messages, conversations, files, botDeliveries, webSessions, tokens, platformLimits } = this.store;
    const batches: Record<keyof PurgeReport, PurgeBatch | undefined> = {
      messages: ofOld((limit) => messages.purgeSentBefore(before, limit)),
      userMessages: ofOld((limit) => conversations.purgeMessagesBefore(before, limit)),
      files: ofOld((limit) => files.purgeStoredBefore(before, limit)),
      botDeliveries: ofOld((limit) => botDeliveries.purgeSettledBefore(before, limit)),
      webSessions: (limit) => webSessions.purgeExpired(now, limit),
      accessTokens: (limit) => tokens.purgeExpired(now, limit),
      sessionWebhooks: (limit) => conversations.purgeExpiredSessionWebhooks(now, limit),
      streamTickets: (limit) => botDeliveries.purgeExpiredTickets(now, limit),
      qpsWindows: (limit) => platformLimits.purgeQpsPlacesBefore(now - QPS_WINDOW_MS, limit),
    };
    const report = {} as PurgeReport;
    for (const [area, batch] of Object.entries(batches) as Array<[keyof PurgeReport, PurgeBatch | undefined]>) {
      report[area] = batch ? await this.untilDone(batch) : 0;
    }
    return report;
  }

  /** Runs batches until one deletes less than a full batch (or the service stops), letting other work in between. */
  private async untilDone(batch: PurgeBatch): Promise<number> {
    let deleted = 0;
    while (!this.stopped) {
      const inBatch = await batch(this.batchSize);
      deleted += inBatch;
      if (inBatch < this.batchSize) break;
      await nextTurn();
    }
    return deleted;
  }
}
