import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { EVERYTHING } from './cacheInvalidation.js';
import { type NodeChannel, type NodeNote, type NoteListener, NoteListeners } from './nodeChannel.js';

/** The PostgreSQL channel every node of one database listens on. */
export const NOTIFY_CHANNEL = 'dingo_nodes';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes and more; notes are ids, far below this. */
export const MAX_NOTIFY_BYTES = 7900;
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 5000;

/**
 * The notes of one turn, each a notification, in one statement: a FunctionScan yields them in the array's order,
 * and one transaction's notifications reach listeners in the order they were sent.
 */
const NOTIFY_EACH = { name: 'dingo_notify_each', text: 'select pg_notify($1, payload) from unnest($2::text[]) as payload' } as const;

/**
 * What travels in a NOTIFY payload: the publishing node, the note's number among that node's (PostgreSQL
 * folds notifications of one transaction whose payloads are equal: the number keeps equal notes apart), and the note.
 */
interface Notification {
  from: string;
  number: number;
  note: NodeNote;
}

/**
 * The channel between nodes over PostgreSQL LISTEN/NOTIFY: one dedicated client
 * per node listens (and sends), and reconnects with backoff when it drops; notes
 * published while it is away are lost (docs/architecture.md). A node's own notes
 * reach its subscribers at once and are skipped when PostgreSQL echoes them. The notes
 * published in one turn of the event loop go out together in one statement, after the turn;
 * those published while a statement is under way, in the next, so the client runs one at a time
 * and the other nodes hear every note in the order it was published.
 */
export class PostgresChannel implements NodeChannel {
  private readonly nodeId = randomBytes(8).toString('hex');
  /** How every payload of this node starts, so that PostgreSQL's echo of it is known without parsing it. */
  private readonly ownPayloadStart = `{"from":${JSON.stringify(this.nodeId)},`;
  private readonly listeners = new NoteListeners();
  private published = 0;
  /** The payloads published and not sent yet, in order. */
  private unsent: string[] = [];
  /** The statement sending payloads, while one is under way or about to go. */
  private sending: Promise<void> | undefined;
  private client: pg.Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  /** Connects and listens; throws when the database cannot be reached. */
  static async open(url: string, logger: Logger): Promise<PostgresChannel> {
    const channel = new PostgresChannel(url, logger);
    await channel.connect();
    return channel;
  }

  publish(note: NodeNote): void {
    this.listeners.deliver(note, 'this node');
    const payload = JSON.stringify({ from: this.nodeId, number: ++this.published, note } satisfies Notification);
    if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) {
      this.logger.error({ kind: note.kind, bytes: Buffer.byteLength(payload) }, 'a note too large for NOTIFY was not sent to the other nodes');
      return;
    }
    if (!this.client) {
      this.logger.warn({ kind: note.kind }, 'the channel between nodes is reconnecting: a note was not sent to the other nodes');
      return;
    }
    this.unsent.push(payload);
    // After this turn's other notes have joined it.
    this.sending ??= Promise.resolve().then(() => this.sendUnsent());
  }

  /** Sends what is unsent in one statement, then what was published meanwhile, until nothing is left. */
  private async sendUnsent(): Promise<void> {
    while (this.unsent.length > 0) {
      const payloads = this.unsent;
      this.unsent = [];
      if (!this.client) {
        this.logger.warn({ notes: payloads.length }, 'the channel between nodes is reconnecting: notes were not sent to the other nodes');
        continue;
      }
      await this.client.query({ ...NOTIFY_EACH, values: [NOTIFY_CHANNEL, payloads] }).catch((error: Error) => {
        this.logger.warn({ notes: payloads.length, err: error }, 'notes were not sent to the other nodes');
      });
    }
    this.sending = undefined;
  }

  subscribe(listener: NoteListener): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    await this.sending;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', () => this.dropped(client));
    client.on('end', () => this.dropped(client));
    client.on('notification', (message) => this.arrived(message.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) await client.end();
    else this.client = client;
  }

  private arrived(payload: string | undefined): void {
    if (payload === undefined || payload.startsWith(this.ownPayloadStart)) return;
    let notification: Notification;
    try {
      notification = JSON.parse(payload) as Notification;
    } catch {
      return;
    }
    this.listeners.deliver(notification.note, 'another node');
  }

  /** The listening client went away: a new one, after a growing pause. */
  private dropped(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.logger.warn('the channel between nodes lost its database connection: reconnecting');
    this.reconnectAfter(RECONNECT_FIRST_MS);
  }

  private reconnectAfter(delayMs: number): void {
    if (this.closed) return;
    this.reconnectTimer = setTimeout(() => {
      this.connect().then(
        () => {
          this.logger.info('the channel between nodes is listening again');
          // Invalidations may have been lost meanwhile: this node's caches start afresh.
          this.listeners.deliver({ kind: 'invalidate', area: EVERYTHING, key: EVERYTHING }, 'this node');
        },
        () => this.reconnectAfter(Math.min(delayMs * 2, RECONNECT_MAX_MS)),
      );
    }, delayMs);
    this.reconnectTimer.unref();
  }
}
