import { expect } from 'vitest';
import type { TestDingo } from './harness.js';

/** The web API as the browser calls it: dev-mode sign-in, then calls with the session cookie. */

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

export async function call(dingo: TestDingo, cookie: string, path: string, init: { method?: string; json?: unknown } = {}) {
  const response = await fetch(`${dingo.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: response.status, body: (await response.json()) as any };
}
