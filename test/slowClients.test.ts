import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDingo, type TestDingo } from './harness.js';
import { connectRawSocket } from './streamBot.js';
import { listen, signInAs } from './webClientSession.js';

/**
 * Opens a raw connection, writes `head` at once, then `trickle` a byte every `everyMs`; resolves
 * with what the server answered and how many trickled bytes it had taken when the connection closed.
 */
function trickle(dingo: TestDingo, head: string, trickled: string, everyMs: number): Promise<{ answer: string; bytesSent: number }> {
  const { hostname, port } = new URL(dingo.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    let bytesSent = 0;
    const timer = setInterval(() => {
      if (bytesSent < trickled.length && socket.writable) socket.write(trickled[bytesSent++] as string);
    }, everyMs);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, bytesSent });
    });
    socket.on('error', reject);
    socket.write(head);
  });
}

function bodyOf(answer: string): unknown {
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
}

describe('slow and hostile clients', () => {
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo({
      timeouts: { requestMs: 1500, headersMs: 500, keepAliveMs: 5000, idleMs: 120_000 },
      liveStreamsPerUser: 2,
      streamConnectionsPerApp: 2,
    });
  });
  afterAll(() => dingo.close());

  it('cuts off a client sending its headers a byte at a time with 408 RequestTimeout, while /healthz keeps answering', async () => {
    const headers = 'x-padding: ' + 'a'.repeat(60) + '\r\n\r\n';
    const slow = trickle(dingo, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', headers, 100);
    const health = [];
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health.push((await dingo.http('/healthz')).status);
    }
    const { answer, bytesSent } = await slow;
    expect(health).toEqual([200, 200, 200]);
    expect(bytesSent).toBeLessThan(headers.length);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(bodyOf(answer)).toEqual({ code: 'RequestTimeout', message: expect.any(String), requestid: expect.any(String) });
  });

  it('cuts off a body trickled a byte at a time', async () => {
    const body = JSON.stringify({ appKey: 'appA', appSecret: 'secretA', padding: 'p'.repeat(60) });
    const head = `POST /v1.0/oauth2/accessToken HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`;
    const { answer, bytesSent } = await trickle(dingo, head, body, 100);
    expect(bytesSent).toBeLessThan(body.length);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).not.toContain('accessToken');
  });

  it('refuses one live stream more than a user may hold with 429 tooManyLiveStreams, and takes one again once one closes', async () => {
    const alice = await signInAs(dingo, 'corpA', 'alice');
    const streams = [listen(dingo, alice), listen(dingo, alice)];
    await Promise.all(streams.map((stream) => stream.ready));
    const third = await fetch(`${dingo.url}/api/events`, { headers: { cookie: alice } });
    expect(third.status).toBe(429);
    expect(await third.json()).toEqual({ code: 'tooManyLiveStreams', message: expect.stringContaining('2'), requestid: expect.any(String) });
    // Another user has streams of their own.
    const bob = listen(dingo, await signInAs(dingo, 'corpA', 'bob'));
    await bob.ready;
    streams[0]?.stop();
    let again: Response | undefined;
    for (let i = 0; i < 100 && again?.status !== 200; i++) {
      await again?.body?.cancel();
      again = await fetch(`${dingo.url}/api/events`, { headers: { cookie: alice } });
    }
    expect(again?.status).toBe(200);
    await again?.body?.cancel();
    streams[1]?.stop();
    bob.stop();
  });

  it('refuses one Stream connection more than an app may hold with 429 tooManyConnections', async () => {
    const open = [await connectRawSocket(dingo, 'appA', 'secretA'), await connectRawSocket(dingo, 'appA', 'secretA')];
    const refused = await connectRawSocket(dingo, 'appA', 'secretA').then(
      () => 'opened',
      (error: Error) => error.message,
    );
    expect(refused).toBe('Unexpected server response: 429');
    // Another app is not counted with it.
    const other = await connectRawSocket(dingo, 'appB', 'secretB');
    for (const { socket } of [...open, other]) socket.close();
  });
});

describe('requests in progress per client address', () => {
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo({ requestsPerIp: 3 });
  });
  afterAll(() => dingo.close());

  it('refuses a request over the cap with 429 tooManyRequests (legacy: -1), and serves again once one ends', async () => {
    const alice = await signInAs(dingo, 'corpA', 'alice');
    const streams = [listen(dingo, alice), listen(dingo, alice), listen(dingo, alice)];
    await Promise.all(streams.map((stream) => stream.ready));
    const refused = await dingo.http('/healthz');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: 'tooManyRequests', message: expect.stringContaining('3'), requestid: expect.any(String) });
    expect((await dingo.http('/gettoken?appkey=appA&appsecret=secretA')).body).toMatchObject({ errcode: -1, errmsg: '系统繁忙' });
    streams[0]?.stop();
    let status = 429;
    for (let i = 0; i < 100 && status !== 200; i++) status = (await dingo.http('/healthz')).status;
    expect(status).toBe(200);
    for (const stream of streams) stream.stop();
  });
});

describe('requests in progress per client address, behind a trusted proxy', () => {
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo({ requestsPerIp: 1, trustProxy: true });
  });
  afterAll(() => dingo.close());

  it('counts the address the proxy appended last to X-Forwarded-For, not the proxy’s own', async () => {
    const alice = await signInAs(dingo, 'corpA', 'alice');
    const held = new AbortController();
    const stream = await fetch(`${dingo.url}/api/events`, { headers: { cookie: alice, 'x-forwarded-for': '198.51.100.7, 203.0.113.1' }, signal: held.signal });
    expect(stream.status).toBe(200);
    try {
      expect((await dingo.http('/healthz', { headers: { 'x-forwarded-for': '203.0.113.2' } })).status).toBe(200);
      expect((await dingo.http('/healthz', { headers: { 'x-forwarded-for': '198.51.100.99, 203.0.113.1' } })).status).toBe(429);
    } finally {
      held.abort();
    }
  });
});
