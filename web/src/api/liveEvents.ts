import type { LiveEvent } from './contract';

/**
 * What a subscriber hears: one server event (its `chatId` names the signed-in
 * user's chat it touches, null when only the console cares), or `resync`
 * after the stream (re)connected, when events may have been missed and
 * everything shown should be fetched again.
 */
export type LiveChange = { readonly kind: 'event'; readonly event: LiveEvent } | { readonly kind: 'resync' };

export type LiveStatus = 'connecting' | 'open' | 'reconnecting';

/** Whether a change may have touched the chat `chatId`. */
export function touchesChat(change: LiveChange, chatId: string): boolean {
  return change.kind === 'resync' || change.event.chatId === chatId;
}

const EVENT_TYPES: ReadonlyArray<LiveEvent['type']> = ['delivered', 'read', 'recalled', 'said'];

/** The subset of EventSource this module uses, so tests can stand in for it. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

/** EventSource.CLOSED: the browser gave up on the stream. */
const CLOSED = 2;

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

function parseLiveEvent(type: string, data: unknown): LiveEvent | null {
  if (typeof data !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const event = parsed as Record<string, unknown>;
  // A user's message is named by its msgId, a robot's by its processQueryKey.
  const key = type === 'said' ? event.msgId : event.processQueryKey;
  if (typeof key !== 'string') return null;
  // The event's name is its type; the data should agree, and the name wins.
  return { ...event, type, chatId: typeof event.chatId === 'string' ? event.chatId : null } as LiveEvent;
}

/**
 * One server-sent event stream on /api/events for the signed-in user, shared
 * by every subscriber. The browser retries a dropped connection by itself;
 * when it gives up (the server answered with an error) the stream reconnects
 * with a growing delay. Every (re)connection tells subscribers to resync.
 */
export class LiveEventStream {
  private readonly listeners = new Set<(change: LiveChange) => void>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private source: EventSourceLike | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs = FIRST_RETRY_MS;
  private closed = false;
  private currentStatus: LiveStatus = 'connecting';

  constructor(
    private readonly url = '/api/events',
    private readonly createSource: (url: string) => EventSourceLike = (url) => new EventSource(url),
  ) {
    this.connect();
  }

  get status(): LiveStatus {
    return this.currentStatus;
  }

  subscribe(listener: (change: LiveChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribeStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.source?.close();
    this.source = null;
  }

  private connect(): void {
    const source = this.createSource(this.url);
    this.source = source;
    source.addEventListener('open', () => {
      this.retryMs = FIRST_RETRY_MS;
      this.setStatus('open');
      this.emit({ kind: 'resync' });
    });
    source.addEventListener('error', () => {
      if (this.closed || this.source !== source) return;
      this.setStatus('reconnecting');
      if (source.readyState !== CLOSED) return; // the browser retries by itself
      source.close();
      this.source = null;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (!this.closed) this.connect();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    });
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        const event = parseLiveEvent(type, (message as MessageEvent).data);
        if (event !== null) this.emit({ kind: 'event', event });
      });
    }
  }

  private emit(change: LiveChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }
}
