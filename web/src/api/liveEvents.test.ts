import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveEventStream, touchesChat, type EventSourceLike, type LiveChange, type LiveStatus } from './liveEvents';

/** A stand-in for the browser's EventSource that the test drives. */
class FakeEventSource implements EventSourceLike {
  readyState = 0;
  closed = false;
  private readonly listeners = new Map<string, Array<(event: Event) => void>>();

  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  dispatch(type: string, event: Event = new Event(type)): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  open(): void {
    this.readyState = 1;
    this.dispatch('open');
  }

  send(type: string, data: string): void {
    this.dispatch(type, new MessageEvent(type, { data }));
  }
}

describe('LiveEventStream', () => {
  let sources: FakeEventSource[];
  let stream: LiveEventStream;
  let changes: LiveChange[];
  let statuses: LiveStatus[];

  beforeEach(() => {
    vi.useFakeTimers();
    sources = [];
    stream = new LiveEventStream('/api/events', () => {
      const source = new FakeEventSource();
      sources.push(source);
      return source;
    });
    changes = [];
    statuses = [];
    stream.subscribe((change) => changes.push(change));
    stream.subscribeStatus((status) => statuses.push(status));
  });

  afterEach(() => {
    stream.close();
    vi.useRealTimers();
  });

  it('passes each named event on with the chat it touches', () => {
    sources[0]?.open();
    sources[0]?.send('delivered', JSON.stringify({ type: 'delivered', processQueryKey: 'k1', chatId: 'oto:appA' }));
    sources[0]?.send('read', JSON.stringify({ type: 'read', processQueryKey: 'k1', userId: 'alice', chatId: null }));
    sources[0]?.send('recalled', JSON.stringify({ type: 'recalled', processQueryKey: 'k1', chatId: 'oto:appA' }));
    expect(changes).toEqual([
      { kind: 'resync' },
      { kind: 'event', event: { type: 'delivered', processQueryKey: 'k1', chatId: 'oto:appA' } },
      { kind: 'event', event: { type: 'read', processQueryKey: 'k1', userId: 'alice', chatId: null } },
      { kind: 'event', event: { type: 'recalled', processQueryKey: 'k1', chatId: 'oto:appA' } },
    ]);
    expect(statuses).toEqual(['open']);
  });

  it('ignores data that is not an event', () => {
    sources[0]?.send('delivered', 'not json');
    sources[0]?.send('delivered', JSON.stringify({ chatId: 'oto:appA' }));
    expect(changes).toEqual([]);
  });

  it('lets the browser retry a dropped connection, and resyncs when it is back', () => {
    sources[0]?.open();
    sources[0]!.readyState = 0; // connecting again, as EventSource does after a network error
    sources[0]?.dispatch('error');
    expect(statuses).toEqual(['open', 'reconnecting']);
    sources[0]?.open();
    expect(sources).toHaveLength(1);
    expect(changes).toEqual([{ kind: 'resync' }, { kind: 'resync' }]);
    expect(statuses).toEqual(['open', 'reconnecting', 'open']);
  });

  it('reconnects by itself, later and later, when the browser gives up', () => {
    sources[0]!.readyState = 2; // the server answered with an error: EventSource stops
    sources[0]?.dispatch('error');
    expect(sources[0]?.closed).toBe(true);
    vi.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);

    sources[1]!.readyState = 2;
    sources[1]?.dispatch('error');
    vi.advanceTimersByTime(1999);
    expect(sources).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(3);

    sources[2]?.open();
    expect(changes).toEqual([{ kind: 'resync' }]);
  });

  it('stops for good when closed', () => {
    sources[0]!.readyState = 2;
    sources[0]?.dispatch('error');
    stream.close();
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
  });

  it('touchesChat: an event touches its own chat; a resync touches every chat', () => {
    const delivered: LiveChange = { kind: 'event', event: { type: 'delivered', processQueryKey: 'k', chatId: 'oto:a' } };
    expect(touchesChat(delivered, 'oto:a')).toBe(true);
    expect(touchesChat(delivered, 'oto:b')).toBe(false);
    expect(touchesChat({ kind: 'resync' }, 'oto:b')).toBe(true);
  });
});
