import { expect } from 'vitest';
import type { TestDingo } from './harness.js';

/** The web client's API as a signed-in browser calls it: session cookie, calls, live events. */

/** A web client session: the cookie the server set, sent back on every call. */
export async function signInAs(dingo: TestDingo, corpId: string, userId: string): Promise<string> {
  const response = await fetch(`${dingo.url}/api/session/dev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ corpId, userId }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

/** Signs `userId` in with a password, as the web client's sign-in page does; the session cookie. */
export async function signInWithPassword(dingo: TestDingo, corpId: string, userId: string, password: string): Promise<string> {
  const response = await fetch(`${dingo.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ corpId, userId, password }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

export async function call(dingo: TestDingo, cookie: string, path: string, init: { method?: string; json?: unknown } = {}) {
  const response = await fetch(`${dingo.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** Collects server-sent events of one session until `stop()`. */
export function listen(dingo: TestDingo, cookie: string) {
  const controller = new AbortController();
  const events: Array<Record<string, unknown>> = [];
  /** When each event arrived (performance.now()), for latency figures. */
  const arrivals: number[] = [];
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const ready = fetch(`${dingo.url}/api/events`, { headers: { cookie }, signal: controller.signal }).then(async (response) => {
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            markClosed();
            return;
          }
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const data = buffer.slice(0, end).split('\n').find((line) => line.startsWith('data: '));
            if (data) {
              events.push(JSON.parse(data.slice(6)));
              arrivals.push(performance.now());
            }
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // aborted
      }
    })();
  });
  return {
    ready,
    events,
    arrivals,
    /** Resolves when the server ends the stream. */
    closed,
    async waitFor(count: number) {
      for (let i = 0; i < 200 && events.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      return events;
    },
    stop: () => controller.abort(),
  };
}
