import { get, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDingo, type TestDingo } from './harness.js';
import { signInAs } from './webClientSession.js';

/** The headers every answer must carry, whatever it is. */
function expectSecurityHeaders(path: string, headers: Headers): void {
  expect({ path, csp: headers.get('content-security-policy') }).toEqual({ path, csp: expect.stringContaining("frame-ancestors 'none'") });
  expect({ path, nosniff: headers.get('x-content-type-options') }).toEqual({ path, nosniff: 'nosniff' });
  expect({ path, referrer: headers.get('referrer-policy') }).toEqual({ path, referrer: 'no-referrer' });
}

describe('security headers', () => {
  let dingo: TestDingo;
  let blocking: TestDingo;
  let admin: string;
  beforeAll(async () => {
    [dingo, blocking] = await Promise.all([startTestDingo(), startTestDingo({ blockRemoteImages: true })]);
    admin = await signInAs(dingo, 'corpA', 'alice');
  });
  afterAll(async () => {
    await Promise.all([dingo?.close(), blocking?.close()]);
  });

  it('come with the docs, pages, the web API, the robot API, legacy answers, errors and the live stream', async () => {
    const token = await dingo.appToken('appA', 'secretA');
    const answers: Array<[string, RequestInit?]> = [
      ['/docs'],
      ['/docs/static/index.html'],
      ['/openapi.json'],
      ['/'],
      ['/console'],
      ['/api/session'],
      ['/api/console/directory?corpId=corpA', { headers: { cookie: admin } }],
      ['/v1.0/robot/oToMessages/readStatus?robotCode=appA&processQueryKey=nope', { headers: { 'x-acs-dingtalk-access-token': token } }],
      ['/v1.0/robot/oToMessages/batchSend', { method: 'POST' }],
      ['/gettoken?appkey=appA&appsecret=wrong'],
      ['/no/such/path'],
      ['/v1.0/no/such/path'],
      ['/healthz'],
    ];
    for (const [path, init] of answers) {
      const response = await fetch(`${dingo.url}${path}`, { redirect: 'manual', ...init });
      await response.arrayBuffer();
      expectSecurityHeaders(path, response.headers);
    }
    const stream = new AbortController();
    const events = await fetch(`${dingo.url}/api/events`, { headers: { cookie: admin }, signal: stream.signal });
    expectSecurityHeaders('/api/events', events.headers);
    stream.abort();
  });

  it('let the docs page load its own scripts and styles, and the web client its own and pictures from anywhere, unless remote images are blocked', async () => {
    const docs = (await fetch(`${dingo.url}/docs/static/index.html`)).headers.get('content-security-policy');
    expect(docs).toContain("script-src 'self'");
    const page = await fetch(`${dingo.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self' http: https: data:");
    // Revalidating the cached page (304, no content type) keeps the page's policy: the browser replaces the cached one with it.
    const etag = page.headers.get('etag') as string;
    // (node:http: fetch adds `cache-control: no-cache` to a conditional request, which a browser's revalidation does not.)
    const revalidated = await new Promise<IncomingMessage>((resolve, reject) => get(`${dingo.url}/`, { headers: { 'if-none-match': etag } }, resolve).on('error', reject));
    revalidated.resume();
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.headers['content-security-policy']).toBe(page.headers.get('content-security-policy'));
    const blocked = (await fetch(`${blocking.url}/`)).headers.get('content-security-policy');
    expect(blocked).toContain("img-src 'self' data:;");
    expect(blocked).not.toMatch(/https?:/);
    // Data is never a page.
    expect((await fetch(`${dingo.url}/api/session`)).headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('forbid storing the web API and the control plane, the console directory (custom robots’ secrets) first', async () => {
    for (const [path, headers] of [
      ['/api/console/directory?corpId=corpA', { cookie: admin }],
      ['/api/session', { cookie: admin }],
      ['/api/chats', { cookie: admin }],
      ['/_dingo/inbox?corpId=corpA&userId=bob', {}],
    ] as const) {
      const response = await fetch(`${dingo.url}${path}`, { headers });
      expect({ path, status: response.status, cache: response.headers.get('cache-control') }).toEqual({ path, status: 200, cache: 'no-store' });
    }
  });
});
