/**
 * Pushes of users' messages to robots' apps (Stream or HTTP callback), with the
 * log of every attempt, and the Stream connection tickets.
 */
export interface BotDeliveryStore {
  createTicket(ticket: StreamTicketRecord): Promise<void>;
  /** Uses the ticket up: returns it when it existed, was unused and lives at `now`; never twice. */
  redeemTicket(ticketHash: string, now: number): Promise<StreamTicketRecord | undefined>;

  insert(delivery: BotDeliveryRecord): Promise<void>;
  find(corpId: string, deliveryId: string): Promise<BotDeliveryRecord | undefined>;
  /** Deliveries still open (waiting or pushed), of every corp, that are due at `now`, the earliest due first. */
  listDue(now: number, limit: number): Promise<BotDeliveryRecord[]>;
  /** Deliveries of one app waiting for a connection, oldest first. */
  listWaiting(clientId: string, limit: number): Promise<BotDeliveryRecord[]>;
  /** When the earliest open delivery falls due, if any. */
  nextDueAt(): Promise<number | undefined>;
  /** Moves a delivery on, if it is still as `expected` (its status and push count): false when something else moved it first. */
  update(corpId: string, deliveryId: string, expected: DeliveryState, next: DeliveryState & { dueAt: number }): Promise<boolean>;
  /** Appends one event to a delivery's log. */
  log(entry: DeliveryLogEntry): Promise<void>;
  /** A corp's deliveries, newest first, each with its log oldest first. */
  listWithLog(corpId: string, filter: { robotCode?: string; limit: number }): Promise<Array<BotDeliveryRecord & { log: DeliveryLogEntry[] }>>;
  /** Deletes up to `limit` tickets expired at `now`, used or not; returns how many it deleted. */
  purgeExpiredTickets(now: number, limit: number): Promise<number>;
  /**
   * Deletes up to `limit` settled deliveries of any corp created before `before`, each with its log, in one
   * transaction; returns how many deliveries it deleted. Open ones (waiting, pushed) stay until they settle.
   */
  purgeSettledBefore(before: number, limit: number): Promise<number>;
  /** Removes every delivery, its log and every ticket. */
  deleteAll(): Promise<void>;
}

export interface StreamTicketRecord {
  ticketHash: string;
  /** The app's appKey, or a suite's suiteKey. */
  clientId: string;
  subscriptions: Array<{ type: string; topic: string }>;
  expiresAt: number;
}

/**
 * Open: `waiting` (for a Stream connection), `pushed` (awaiting an ack, or an HTTP callback's retry).
 * Settled: `acked` (Stream), `answered` / `delivered` (an HTTP callback's 2xx with / without a message),
 * `undelivered` (no connection in time), `unacked` (Stream, gave up), `failed` (HTTP callback, gave up).
 */
export type DeliveryStatus = 'waiting' | 'pushed' | 'acked' | 'answered' | 'delivered' | 'undelivered' | 'unacked' | 'failed';

export interface DeliveryState {
  status: DeliveryStatus;
  pushes: number;
}

export interface BotDeliveryRecord extends DeliveryState {
  corpId: string;
  /** The messageId of the frames that carry it. */
  deliveryId: string;
  msgId: string;
  robotCode: string;
  clientId: string;
  channel: 'stream' | 'http';
  topic: string;
  /** The JSON text the bot receives. */
  payload: string;
  createdAt: number;
  /** When the next push falls due (waiting, pushed), or when the delivery settled. */
  dueAt: number;
}

/** `failed`: one HTTP callback attempt that got no 2xx (its detail says why); the other events are the statuses' moves. */
export type DeliveryEvent = 'queued' | 'pushed' | 'redelivered' | 'acked' | 'answered' | 'delivered' | 'undelivered' | 'unacked' | 'failed';

export interface DeliveryLogEntry {
  corpId: string;
  deliveryId: string;
  event: DeliveryEvent;
  at: number;
  /** The Stream connection a push went to or that acked, or the URL an HTTP callback was posted to. */
  connectionId: string | null;
  detail: string | null;
}
