import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DingoConfig } from '../src/config.js';
import { sharedDatabase, startTestDingo, type TestDingo } from './harness.js';
import { frozenClock, inboxKeys, markRead, otoClient, sendOk, textTo } from './oto.js';
import { connectSdkBot, pointSdkAt, type SdkBot, until } from './streamBot.js';
import { call, listen, signInAs } from './webClientSession.js';

/**
 * Two nodes on one database, each behind its own port, as behind a load balancer
 * (docs/architecture.md, Several nodes). What lives in the store is shared on both
 * databases; what crosses through the channel between nodes (live events, Stream
 * pushes, sign-outs, cache invalidation, clock moves) needs PostgreSQL.
 */
const START = '2030-03-15T10:00:00+08:00';
const onPostgres = inject('postgresServer') !== undefined;
const QPS_CODE = 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi';

/** Two nodes on one fresh database, each with its own clock frozen at START (they agree through the stored offset). */
function twoNodes(config: Partial<DingoConfig>) {
  const nodes = { a: undefined as unknown as TestDingo, b: undefined as unknown as TestDingo, dir: '' };
  beforeAll(async () => {
    nodes.dir = mkdtempSync(join(tmpdir(), 'dingo-two-nodes-'));
    const db = await sharedDatabase(nodes.dir);
    nodes.a = await startTestDingo({ ...config, db }, undefined, frozenClock(START));
    nodes.b = await startTestDingo({ ...config, db }, undefined, frozenClock(START));
  });
  afterAll(async () => {
    await Promise.all([nodes.a?.close(), nodes.b?.close()]);
    rmSync(nodes.dir, { recursive: true, force: true });
  });
  return nodes;
}

describe('two nodes on one store', () => {
  const nodes = twoNodes({ flowLimit: 0 });

  it('sends through A; readStatus, /_dingo/read and recall through B', async () => {
    const { a, b } = nodes;
    const token = await a.appToken('appA', 'secretA');
    const sent = await sendOk(otoClient(a, token), textTo('appA', ['alice', 'bob']));
    const onB = otoClient(b, token);
    const readStatuses = async (dingo: TestDingo) =>
      (await otoClient(dingo, token).readStatus({ robotCode: 'appA', processQueryKey: sent.processQueryKey })).body?.messageReadInfoList?.map((info) => `${info.userId} ${info.readStatus}`);
    expect(await readStatuses(b)).toEqual(['alice UNREAD', 'bob UNREAD']);
    expect((await markRead(b, 'corpA', 'alice', sent.processQueryKey)).status).toBe(200);
    expect(await readStatuses(a)).toEqual(['alice READ', 'bob UNREAD']);
    expect((await onB.recall({ robotCode: 'appA', processQueryKeys: [sent.processQueryKey] })).body?.successResult).toEqual([sent.processQueryKey]);
    expect(await inboxKeys(a, 'corpA', 'bob')).not.toContain(sent.processQueryKey);
  });

  it('keeps the send order of messages sent alternately through A and B within one millisecond', async () => {
    const { a, b } = nodes;
    const token = await a.appToken('appA', 'secretA');
    const before = await inboxKeys(a, 'corpA', 'carol');
    const keys: string[] = [];
    // Both clocks stand still: only the shared counter orders these.
    for (let i = 0; i < 8; i++) keys.push((await sendOk(otoClient(i % 2 === 0 ? a : b, token), textTo('appA', ['carol'], `message ${i}`))).processQueryKey);
    expect((await inboxKeys(b, 'corpA', 'carol')).slice(before.length)).toEqual(keys);
    expect((await inboxKeys(a, 'corpA', 'carol')).slice(before.length)).toEqual(keys);
  });
});

describe('the QPS limit counted across two nodes (appQps: 2)', () => {
  const nodes = twoNodes({ appQps: 2 });

  it('refuses on B the third call of the second in which A served two, and serves it once the window moved on', async () => {
    const { a, b } = nodes;
    const token = await a.appToken('appA', 'secretA');
    const { processQueryKey } = await sendOk(otoClient(a, token), textTo('appA', ['alice']));
    await sendOk(otoClient(a, token), textTo('appA', ['alice']));
    const refused = await b.http('/v1.0/robot/oToMessages/batchSend', { method: 'POST', token, json: textTo('appA', ['alice']) });
    expect(refused).toMatchObject({ status: 403, body: { code: QPS_CODE } });
    // Another API of the same app has its own window.
    expect((await otoClient(b, token).readStatus({ robotCode: 'appA', processQueryKey })).statusCode).toBe(200);
    a.clock.advance(1000);
    b.clock.advance(1000);
    await sendOk(otoClient(b, token), textTo('appA', ['alice']));
  });
});

// The channel between nodes is PostgreSQL's LISTEN/NOTIFY: one SQLite file serves one node, so these run on PostgreSQL only.
describe.skipIf(!onPostgres)('two nodes on one PostgreSQL: what crosses the channel between nodes', () => {
  const nodes = twoNodes({ flowLimit: 0 });
  const move = (dingo: TestDingo, advanceMs: number) => dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs } });

  it("shows A's delivery, B's read and B's recall live on B and on A, each once", async () => {
    const { a, b } = nodes;
    const onB = listen(b, await signInAs(b, 'corpA', 'alice'));
    const onA = listen(a, await signInAs(a, 'corpA', 'alice'));
    await Promise.all([onB.ready, onA.ready]);
    const token = await a.appToken('appA', 'secretA');
    const { processQueryKey } = await sendOk(otoClient(a, token), textTo('appA', ['alice']));
    await onB.waitFor(1);
    await markRead(b, 'corpA', 'alice', processQueryKey);
    await onA.waitFor(2);
    await otoClient(b, token).recall({ robotCode: 'appA', processQueryKeys: [processQueryKey] });
    const expected = [
      { type: 'delivered', processQueryKey, chatId: expect.any(String) },
      { type: 'read', processQueryKey, userId: 'alice', chatId: expect.any(String) },
      { type: 'recalled', processQueryKey, chatId: expect.any(String) },
    ];
    for (const stream of [onB, onA]) {
      await stream.waitFor(3);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stream.events).toEqual(expected);
      stream.stop();
    }
  });

  it("shows on B's stream what a user says through A, and B's bot connection gets it", async () => {
    const { a, b } = nodes;
    const stream = listen(b, await signInAs(b, 'corpA', 'alice'));
    await stream.ready;
    const bot = await connectedTo(b, 'appA', 'secretA', true);
    try {
      const said = await a.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'alice', robotCode: 'appA', text: 'hello from node A' } });
      expect(said.status).toBe(200);
      const received = await bot.next();
      expect(JSON.parse(received.data)).toMatchObject({ msgId: said.body.msgId, text: { content: 'hello from node A' }, senderStaffId: 'alice' });
      expect((await stream.waitFor(1))[0]).toMatchObject({ type: 'said', msgId: said.body.msgId });
      await until(async () => (await deliveryOf(a, said.body.msgId))?.status === 'acked');
      expect(bot.received).toHaveLength(1);
    } finally {
      await disconnect(bot, b);
      stream.stop();
    }
  });

  it('redelivers through B an unacked message a third node pushed, once that node is gone', async () => {
    const { a, b } = nodes;
    const c = await startTestDingo({ db: a.services.config.db, flowLimit: 0 }, undefined, frozenClock(START));
    const silent = await connectedTo(c, 'appA', 'secretA', false);
    const said = await c.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'bob', robotCode: 'appA', text: 'will you ack?' } });
    const first = await silent.next();
    await disconnect(silent, c);
    await c.close();
    const bot = await connectedTo(b, 'appA', 'secretA', true);
    try {
      expect(bot.received).toEqual([]);
      await move(a, 60_000);
      const again = await bot.next();
      expect(again.headers.messageId).toBe(first.headers.messageId);
      expect(JSON.parse(again.data)).toMatchObject({ msgId: said.body.msgId });
      await until(async () => (await deliveryOf(b, said.body.msgId))?.status === 'acked');
      const delivery = await deliveryOf(b, said.body.msgId);
      expect(delivery.attempts.map((attempt: { event: string }) => attempt.event)).toEqual(['queued', 'pushed', 'redelivered', 'acked']);
    } finally {
      await disconnect(bot, b);
    }
  });

  it("moves B's clock with A's", async () => {
    const { a, b } = nodes;
    const moved = await move(a, 3_600_000);
    expect(moved.status).toBe(200);
    await until(() => b.clock.now() === a.clock.now());
    expect(new Date(b.clock.now()).toISOString()).toBe(moved.body.now);
  });

  it("closes the session's live stream on B when it signs out through A", async () => {
    const { a, b } = nodes;
    const cookie = await signInAs(b, 'corpA', 'bob');
    const stream = listen(b, cookie);
    await stream.ready;
    expect((await call(a, cookie, '/api/session', { method: 'DELETE' })).status).toBe(200);
    await stream.closed;
    expect((await call(b, cookie, '/api/chats')).status).toBe(401);
  });

  it('drops on every node, once each, what a cache holds of a key invalidated on one', async () => {
    const { a, b } = nodes;
    const droppedOnA: string[] = [];
    const droppedOnB: string[] = [];
    const stops = [a.services.caches.onInvalidate('robots', (key) => droppedOnA.push(key)), b.services.caches.onInvalidate('robots', (key) => droppedOnB.push(key))];
    b.services.caches.onInvalidate('apps', (key) => droppedOnB.push(`apps: ${key}`));
    a.services.caches.invalidate('robots', 'corpA/appA');
    await until(() => droppedOnB.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(droppedOnA).toEqual(['corpA/appA']);
    expect(droppedOnB).toEqual(['corpA/appA']);
    stops.forEach((stop) => stop());
  });

  it("measures how long A's send takes to reach B's live stream (reported, never asserted)", async () => {
    const { a, b } = nodes;
    const stream = listen(b, await signInAs(b, 'corpA', 'dave'));
    await stream.ready;
    const client = otoClient(a, await a.appToken('appA', 'secretA'));
    const latencies: number[] = [];
    for (let i = 0; i < 50; i++) {
      const startedAt = performance.now();
      await sendOk(client, textTo('appA', ['dave'], `latency ${i}`));
      await stream.waitFor(i + 1);
      latencies.push((stream.arrivals[i] as number) - startedAt);
    }
    stream.stop();
    const sorted = latencies.sort((x, y) => x - y);
    const percentile = (p: number) => (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number).toFixed(1);
    console.log(`cross-node live event, A's batchSend → B's SSE, ${sorted.length} sends: p50 ${percentile(50)} ms, p99 ${percentile(99)} ms`);
    expect(stream.events).toHaveLength(50);
  });
});

/** A `dingtalk-stream` bot of the app, connected to `dingo` (the SDK's DingTalk host pointed there while it connects). */
async function connectedTo(dingo: TestDingo, clientId: string, clientSecret: string, ack: boolean): Promise<SdkBot> {
  const restore = pointSdkAt(dingo.url);
  try {
    const bot = await connectSdkBot(clientId, clientSecret, ack);
    await until(() => dingo.services.streamGateway.connectionCount(clientId) > 0);
    return bot;
  } finally {
    restore();
  }
}

/** Stops the bot and waits until `dingo` has seen its connection go. */
async function disconnect(bot: SdkBot, dingo: TestDingo): Promise<void> {
  bot.stop();
  await until(() => dingo.services.streamGateway.connectionCount(bot.clientId) === 0);
}

/** The delivery of the user's message `msgId` to robot appA, as a node's /_dingo/deliveries shows it. */
async function deliveryOf(dingo: TestDingo, msgId: string) {
  const { deliveries } = (await dingo.http('/_dingo/deliveries?robotCode=appA')).body;
  return deliveries.find((delivery: { msgId: string }) => delivery.msgId === msgId);
}
