import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import type { SeedFile } from '../src/domain/seed.js';
import { TEST_DIRECTORY } from './directory.js';
import { startTestDingo, type TestDingo } from './harness.js';
import { markRead, otoClient, sendOk, textTo } from './oto.js';
import { connectSdkBot, pointSdkAt, until } from './streamBot.js';

/**
 * `/metrics` moves with real traffic (docs/deployment.md, Metrics): official SDK sends, reads, a recall,
 * a `dingtalk-stream` bot that acks and one that does not, a redelivery by moving the clock, and an HTTP
 * callback bot that answers 200, then 500. Counts only: never a timing.
 */

const start = Date.UTC(2026, 4, 4, 9);
let dingo: TestDingo;
let callbackBot: Server;
let callbackStatus = 200;
let restoreAxios: () => void;

/** The test directory, with App A2's robot receiving by HTTP callback at `url`. */
function seedWithCallbackRobot(url: string): SeedFile {
  const seed = structuredClone(TEST_DIRECTORY);
  seed.corps[0]!.apps![1]!.robots = [{ name: 'Robot A2', receive: 'http', callbackUrl: url }];
  return seed;
}

beforeAll(async () => {
  callbackBot = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(callbackStatus).end());
  });
  await new Promise<void>((resolve) => callbackBot.listen(0, '127.0.0.1', resolve));
  const callbackUrl = `http://127.0.0.1:${(callbackBot.address() as AddressInfo).port}/callback`;
  dingo = await startTestDingo({ flowLimit: 1 }, seedWithCallbackRobot(callbackUrl), new OffsetClock(() => start));
  restoreAxios = pointSdkAt(dingo.url);
});
afterAll(async () => {
  restoreAxios();
  await dingo.close();
  callbackBot.closeAllConnections();
  await new Promise((resolve) => callbackBot.close(resolve));
});

/** Every sample of one scrape, by its series (`name{labels}` as exposed); fails on a response that is not Prometheus text. */
async function scrape(): Promise<Map<string, number>> {
  const response = await dingo.http('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (response.body as string).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

/** How much each series moved between two scrapes; a series missing after is an error, missing before counts as 0. */
function moves(before: Map<string, number>, after: Map<string, number>, series: readonly string[]): Record<string, number> {
  return Object.fromEntries(
    series.map((name) => {
      if (!after.has(name)) throw new Error(`${name} is not in /metrics: ${[...after.keys()].filter((key) => key.startsWith('dingo_') && !key.includes('process') && !key.includes('nodejs')).join(', ')}`);
      return [name, (after.get(name) as number) - (before.get(name) ?? 0)];
    }),
  );
}

const say = async (robotCode: string, text: string) => {
  const answer = await dingo.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'alice', robotCode, text } });
  expect(answer.status).toBe(200);
};
const logOf = async (robotCode: string) => {
  await dingo.services.botDeliveries.settled();
  return (await dingo.services.store.botDeliveries.listWithLog('corpA', { robotCode, limit: 10 })).map((delivery) => delivery.log.map((entry) => entry.event));
};

describe('/metrics', () => {
  it('counts sends, deliveries, flow control, reads, recalls, Stream pushes, acks, redeliveries, HTTP callbacks and store calls, each once', async () => {
    const before = await scrape();

    // Official SDK sends: two recipients; then one more for alice (over the limit of 1 a minute) and carol.
    const robot = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
    const first = await sendOk(robot, textTo('appA', ['alice', 'bob']));
    expect((await sendOk(robot, textTo('appA', ['alice', 'carol']))).flowControlledStaffIdList).toEqual(['alice']);
    // alice reads the first message twice (one first read), then it is recalled twice (one recall).
    expect((await markRead(dingo, 'corpA', 'alice', first.processQueryKey)).status).toBe(200);
    expect((await markRead(dingo, 'corpA', 'alice', first.processQueryKey)).status).toBe(200);
    for (let recall = 0; recall < 2; recall++) {
      expect((await robot.recall({ robotCode: 'appA', processQueryKeys: [first.processQueryKey] })).body?.successResult).toEqual([first.processQueryKey]);
    }

    // An HTTP callback answered 200.
    await say('appA2', 'to the callback');
    await until(async () => (await logOf('appA2'))[0]?.at(-1) === 'delivered');

    // A Stream bot that never acks: pushed, then pushed again once the clock moves 60 s.
    const silent = await connectSdkBot('appA', 'secretA', false);
    await say('appA', 'are you there?');
    await silent.next();
    await dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 60_000 } });
    await silent.next();
    silent.stop();
    await until(() => dingo.services.streamGateway.connectionCount('appA') === 0);

    // A Stream bot that acks, as the SDK's README shows.
    const acking = await connectSdkBot('appA', 'secretA', true);
    await say('appA', 'hello robot');
    await acking.next();
    await until(async () => (await logOf('appA'))[0]?.at(-1) === 'acked');
    acking.stop();

    // An HTTP callback answered 500.
    callbackStatus = 500;
    await say('appA2', 'to the failing callback');
    await until(async () => (await logOf('appA2'))[0]?.at(-1) === 'failed');
    callbackStatus = 200;

    expect(await logOf('appA')).toEqual([
      ['queued', 'pushed', 'acked'],
      ['queued', 'pushed', 'redelivered'],
    ]);
    const after = await scrape();
    expect(
      moves(before, after, [
        'dingo_messages_sent_total{chat="oto"}',
        'dingo_deliveries_total{chat="oto"}',
        'dingo_flow_controlled_recipients_total',
        'dingo_reads_total',
        'dingo_recalls_total',
        'dingo_stream_pushes_total',
        'dingo_stream_acks_total',
        'dingo_redeliveries_total{channel="stream"}',
        'dingo_http_callback_deliveries_total{outcome="ok"}',
        'dingo_http_callback_deliveries_total{outcome="failed"}',
        'dingo_store_operation_duration_seconds_count{area="messages",operation="insert"}',
        'dingo_store_operation_duration_seconds_count{area="botDeliveries",operation="insert"}',
      ]),
    ).toEqual({
      'dingo_messages_sent_total{chat="oto"}': 2,
      'dingo_deliveries_total{chat="oto"}': 3,
      'dingo_flow_controlled_recipients_total': 1,
      'dingo_reads_total': 1,
      'dingo_recalls_total': 1,
      'dingo_stream_pushes_total': 3,
      'dingo_stream_acks_total': 1,
      'dingo_redeliveries_total{channel="stream"}': 1,
      'dingo_http_callback_deliveries_total{outcome="ok"}': 1,
      'dingo_http_callback_deliveries_total{outcome="failed"}': 1,
      'dingo_store_operation_duration_seconds_count{area="messages",operation="insert"}': 2,
      'dingo_store_operation_duration_seconds_count{area="botDeliveries",operation="insert"}': 4,
    });
    // Nothing was pushed again by HTTP, and the histogram has its buckets.
    expect(after.has('dingo_redeliveries_total{channel="http"}')).toBe(false);
    expect(after.get('dingo_store_operation_duration_seconds_bucket{le="+Inf",area="messages",operation="insert"}')).toBe(after.get('dingo_store_operation_duration_seconds_count{area="messages",operation="insert"}'));
  });
});
