import { describe, expect, it } from 'vitest';
import { startTestDingo, type TestDingo } from '../harness.js';
import { frozenClock, markRead, otoClient, sendOk, textTo } from '../oto.js';
import { connectSdkBot, pointSdkAt, type SdkBot, until } from '../streamBot.js';
import { START, twoNodes } from '../twoNodesSuite.js';
import { call, listen, signInAs } from '../webClientSession.js';

/**
 * Two nodes on one PostgreSQL: what crosses the channel between nodes (PostgreSQL's
 * LISTEN/NOTIFY; docs/architecture.md, Several nodes): live events, Stream pushes,
 * sign-outs, cache invalidation, clock moves. One SQLite file serves one node, so this
 * suite is the postgres project's only.
 */

describe('two nodes on one PostgreSQL: what crosses the channel between nodes', () => {
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

  it('carries every note published in one turn to the other node, in order, equal ones included', async () => {
    const { a, b } = nodes;
    const droppedOnB: string[] = [];
    const stop = b.services.caches.onInvalidate('robots', (key) => droppedOnB.push(key));
    const keys = [...Array.from({ length: 40 }, (_, i) => `corpA/robot${i}`), 'corpA/robot39', 'corpA/robot0'];
    for (const key of keys.slice(0, 20)) a.services.caches.invalidate('robots', key);
    await new Promise((resolve) => setImmediate(resolve));
    // A later turn, while the first turn's statement may still be under way.
    for (const key of keys.slice(20)) a.services.caches.invalidate('robots', key);
    await until(() => droppedOnB.length >= keys.length);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(droppedOnB).toEqual(keys);
    stop();
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
