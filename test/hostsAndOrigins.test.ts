import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDingo, type TestDingo } from './harness.js';
import { rawRequest } from './rawHttp.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A request naming `host` in its Host header, which fetch does not let a caller choose. */
function requestNaming(dingo: TestDingo, host: string, path: string, init: { method?: string; headers?: Record<string, string>; json?: unknown } = {}): Promise<Answer> {
  const { hostname, port } = new URL(dingo.url);
  const body = init.json === undefined ? undefined : JSON.stringify(init.json);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        hostname,
        port,
        path,
        method: init.method ?? 'GET',
        setHost: false,
        headers: { host, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The answer to a WebSocket upgrade naming `host`. */
function upgradeNaming(dingo: TestDingo, host: string): Promise<string> {
  return rawRequest(
    dingo,
    `GET /gateway/stream?ticket=nope HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
}

const REFUSED = { code: 'Forbidden.HostNotAllowed', message: expect.stringContaining('evil.example'), requestid: expect.any(String) };

describe('hosts and origins in dev mode (DNS rebinding)', () => {
  let dingo: TestDingo;
  let port: string;
  beforeAll(async () => {
    dingo = await startTestDingo({ allowedHosts: ['dingo.internal', 'pinned.internal:8443'] });
    port = new URL(dingo.url).port;
    const token = await dingo.appToken('appA', 'secretA');
    const sent = await dingo.http('/v1.0/robot/oToMessages/batchSend', {
      method: 'POST',
      token,
      json: { robotCode: 'appA', userIds: ['bob'], msgKey: 'sampleText', msgParam: '{"content":"keep me"}' },
    });
    expect(sent.status).toBe(200);
  });
  afterAll(() => dingo.close());

  it('refuses a rebound name, with its own Origin, on the control plane, dev sign-in, the web API and the pages, and changes nothing', async () => {
    const evil = `evil.example:${port}`;
    const origin = { origin: `http://${evil}`, 'sec-fetch-site': 'same-origin' };
    const attempts = await Promise.all([
      requestNaming(dingo, evil, '/_dingo/reset', { method: 'POST', headers: origin }),
      requestNaming(dingo, evil, '/_dingo/inbox?corpId=corpA&userId=bob', { headers: origin }),
      requestNaming(dingo, evil, '/api/session/dev', { method: 'POST', headers: origin, json: { corpId: 'corpA', userId: 'alice' } }),
      requestNaming(dingo, evil, '/api/console/directory?corpId=corpA', { headers: origin }),
      requestNaming(dingo, evil, '/api/events', { headers: origin }),
      requestNaming(dingo, evil, '/', { headers: origin }),
      requestNaming(dingo, evil, '/v1.0/oauth2/accessToken', { method: 'POST', json: { appKey: 'appA', appSecret: 'secretA' } }),
    ]);
    for (const answer of attempts) {
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual(REFUSED);
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    // The legacy oapi refuses it in its own form.
    const legacy = await requestNaming(dingo, evil, '/gettoken?appkey=appA&appsecret=secretA');
    expect(legacy.body).toMatchObject({ errcode: 40035, errmsg: expect.stringContaining('evil.example') });
    expect(legacy.body.access_token).toBeUndefined();
    expect(await upgradeNaming(dingo, evil)).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n[\s\S]*"code":"Forbidden\.HostNotAllowed"/);
    expect((await dingo.http('/_dingo/inbox?corpId=corpA&userId=bob')).body.messages).toHaveLength(1);
  });

  it('serves loopback names and addresses on any port, the listed hosts, and refuses a listed name on another port than its own', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost', 'LOCALHOST:1', '10.1.2.3:3000', 'dingo.internal:9', 'pinned.internal:8443']) {
      const answer = await requestNaming(dingo, host, '/_dingo/inbox?corpId=corpA&userId=bob');
      expect({ host, status: answer.status }).toEqual({ host, status: 200 });
    }
    for (const host of ['pinned.internal:8444', 'pinned.internal', 'localhost.evil.example', '']) {
      const answer = await requestNaming(dingo, host, '/healthz');
      expect({ host, status: answer.status, code: answer.body.code }).toEqual({ host, status: 403, code: 'Forbidden.HostNotAllowed' });
    }
  });

  it("compares a write's Origin with Dingo's origins, never with the request's Host", async () => {
    const signIn = (host: string, origin: string) =>
      requestNaming(dingo, host, '/api/session/dev', { method: 'POST', headers: { origin }, json: { corpId: 'corpA', userId: 'alice' } });
    // The web client's page (its own address, the Vite dev server on another loopback port, a listed name) may write.
    for (const origin of [dingo.url, `http://localhost:${port}`, 'http://localhost:5173', 'http://[::1]:5173', 'https://dingo.internal']) {
      expect({ origin, status: (await signIn(`127.0.0.1:${port}`, origin)).status }).toEqual({ origin, status: 200 });
    }
    // A page of an allowed host that is not Dingo's origin (another address, another site) may not, whatever the Host.
    for (const [host, origin] of [
      ['dingo.internal', 'http://evil.example'],
      [`10.1.2.3:${port}`, `http://10.1.2.3:${port}`],
      [`127.0.0.1:${port}`, 'null'],
      ['pinned.internal:8443', 'https://pinned.internal:9999'],
    ] as const) {
      const answer = await signIn(host, origin);
      expect({ origin, status: answer.status, code: answer.body.code }).toEqual({ origin, status: 403, code: 'Forbidden.AccessDenied' });
    }
  });
});

describe('hosts behind a proxy, and in production', () => {
  let proxied: TestDingo;
  let production: TestDingo;
  beforeAll(async () => {
    [proxied, production] = await Promise.all([
      startTestDingo({ trustProxy: true, publicUrl: 'https://dingo.example.com' }),
      startTestDingo({ dev: false, publicUrl: 'https://dingo.example.com', allowedHosts: ['dingo.internal'] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([proxied?.close(), production?.close()]);
  });

  it('checks the forwarded host when told to trust the proxy, and the Host otherwise', async () => {
    const proxiedHealth = (forwardedHost: string) => requestNaming(proxied, '127.0.0.1', '/healthz', { headers: { 'x-forwarded-host': forwardedHost } });
    expect((await proxiedHealth('dingo.example.com')).status).toBe(200);
    expect((await proxiedHealth('evil.example, dingo.example.com')).body).toEqual({ ...REFUSED, message: expect.stringContaining('evil.example') });
    // Without --trust-proxy a forwarded host is only a header: the Host decides.
    expect((await requestNaming(production, 'dingo.example.com', '/healthz', { headers: { 'x-forwarded-host': 'evil.example' } })).status).toBe(200);
  });

  it('serves the public URL, the listed hosts and loopback in production, refuses others, and never serves /_dingo', async () => {
    for (const host of ['dingo.example.com', 'dingo.example.com:443', 'dingo.internal:3000', 'localhost', '127.0.0.1']) {
      expect({ host, status: (await requestNaming(production, host, '/healthz')).status }).toEqual({ host, status: 200 });
    }
    expect((await requestNaming(production, 'evil.example', '/healthz')).body).toEqual(REFUSED);
    const controlPlane = await requestNaming(production, 'dingo.example.com', '/_dingo/reset', { method: 'POST' });
    expect(controlPlane.status).toBe(404);
    expect(controlPlane.body.code).toBe('InvalidAction.NotFound');
    expect((await requestNaming(production, 'dingo.example.com', '/_dingo/inbox?corpId=corpA&userId=bob')).status).toBe(404);
  });
});
