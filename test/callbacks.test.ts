import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import type { SeedFile } from '../src/domain/seed.js';
import { TEST_DIRECTORY } from './directory.js';
import { startTestDingo, type TestDingo } from './harness.js';
import { until } from './streamBot.js';

/** HTTP callback mode (docs/behaviour.md, HTTP callbacks): a bot's test server on loopback, as a real bot would run it. */

const start = Date.UTC(2026, 4, 4, 9);
const TIMEOUT_MS = 300;

interface Received {
  headers: IncomingMessage['headers'];
  body: any;
}

/** The bot: checks nothing itself, keeps every request, and answers as `answer` says. */
let answer: (response: ServerResponse) => void = (response) => response.end();
const received: Received[] = [];
let bot: Server;
let callbackUrl: string;
let dingo: TestDingo;

beforeAll(async () => {
  bot = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(text) });
      answer(response);
    });
  });
  await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/dingtalk/callback`;
  dingo = await startTestDingo({ callbackTimeoutMs: TIMEOUT_MS }, seedWithCallbackRobot(callbackUrl), new OffsetClock(() => start));
});
afterEach(async () => {
  received.splice(0);
  answer = (response) => response.end();
  await dingo.http('/_dingo/reset', { method: 'POST' });
});
afterAll(async () => {
  await dingo.close();
  bot.closeAllConnections();
  await new Promise((resolve) => bot.close(resolve));
});

/** The test directory, with App A2's robot receiving by HTTP (and installed in group Team A) and the suite's robot in both corps. */
function seedWithCallbackRobot(url: string): SeedFile {
  const seed = structuredClone(TEST_DIRECTORY);
  const corpA = seed.corps[0]!;
  corpA.apps![1]!.robots = [{ name: 'Robot A2', receive: 'http', callbackUrl: url }];
  corpA.groups![0]!.robots!.push('appA2');
  seed.suites![0]!.authorizedCorps = ['corpA', 'corpB'];
  return seed;
}

const json = (body: unknown) => (response: ServerResponse) => response.setHeader('content-type', 'application/json').end(JSON.stringify(body));
const say = async (text: string) => {
  const said = await dingo.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'alice', robotCode: 'appA2', text } });
  expect(said.status).toBe(200);
  return said.body.msgId as string;
};
const deliveries = async (query = 'robotCode=appA2') => (await dingo.http(`/_dingo/deliveries?${query}`)).body;
const settledAs = async (status: string) => {
  await until(async () => (await deliveries()).deliveries[0]?.status === status);
  // The step that settled it also posts the answer: wait for it to end.
  await dingo.services.botDeliveries.settled();
  return (await deliveries()).deliveries[0];
};
const events = (delivery: { attempts: Array<{ event: string }> }) => delivery.attempts.map((a) => a.event);
const advance = (advanceMs: number) => dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs } });

describe('a robot that receives by HTTP callback', () => {
  it('gets the message as a signed POST, and its text answer is the robot reply in the chat', async () => {
    answer = json({ msgtype: 'text', text: { content: 'pong from the callback' } });
    const msgId = await say('ping');
    const delivery = await settledAs('answered');

    const [request] = received;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers.timestamp).toBe(String(start));
    const expectedSign = createHmac('sha256', 'secretA2').update(`${start}\nsecretA2`).digest('base64');
    expect(request!.headers.sign).toBe(expectedSign);
    expect(request!.body).toMatchObject({ msgId, robotCode: 'appA2', conversationType: '1', senderStaffId: 'alice', msgtype: 'text', text: { content: 'ping' } });
    expect(request!.body.sessionWebhook).toMatch(/\/robot\/sendBySession\?session=/);

    const inbox = await dingo.http('/_dingo/inbox?corpId=corpA&userId=alice');
    expect(inbox.body.messages).toEqual([
      expect.objectContaining({ robotCode: 'appA2', msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'pong from the callback' }) }),
    ]);

    expect(delivery).toMatchObject({ msgId, channel: 'http', status: 'answered', payload: request!.body });
    expect(delivery.attempts).toEqual([
      { event: 'queued', at: new Date(start).toISOString(), connectionId: null, detail: null },
      { event: 'pushed', at: new Date(start).toISOString(), connectionId: callbackUrl, detail: null },
      { event: 'answered', at: new Date(start).toISOString(), connectionId: callbackUrl, detail: "HTTP 200, sampleText posted as the robot's reply" },
    ]);
  });

  it('answers a group message into the group, for every member', async () => {
    answer = json({ msgtype: 'text', text: { content: 'pong to the group' } });
    const said = await dingo.http('/_dingo/say', {
      method: 'POST',
      json: { corpId: 'corpA', userId: 'alice', openConversationId: 'cidGroupA==', robotCode: 'appA2', text: 'ping the group' },
    });
    expect(said.status).toBe(200);
    await settledAs('answered');
    expect(received[0]!.body).toMatchObject({ msgId: said.body.msgId, conversationType: '2', conversationId: 'cidGroupA==', isInAtList: true });
    for (const userId of ['alice', 'bob', 'carol']) {
      const inbox = await dingo.http(`/_dingo/inbox?corpId=corpA&userId=${userId}`);
      expect(inbox.body.messages, userId).toEqual([
        expect.objectContaining({ robotCode: 'appA2', openConversationId: 'cidGroupA==', msgParam: JSON.stringify({ content: 'pong to the group' }) }),
      ]);
    }
  });

  it('answers in the other sessionWebhook shapes too: a markdown answer is a sampleMarkdown', async () => {
    answer = json({ msgtype: 'markdown', markdown: { title: 'Status', text: '## all good' } });
    await say('status?');
    await settledAs('answered');
    const inbox = await dingo.http('/_dingo/inbox?corpId=corpA&userId=alice');
    expect(inbox.body.messages.map((m: { msgKey: string }) => m.msgKey)).toEqual(['sampleMarkdown']);
  });

  it('counts a 2xx with an empty or non-message body as delivered with no answer', async () => {
    await say('no answer, please');
    expect((await settledAs('delivered')).attempts.at(-1)).toMatchObject({ event: 'delivered', detail: 'HTTP 200, no message in the answer' });
    answer = json({ ok: true });
    await dingo.http('/_dingo/reset', { method: 'POST' });
    await say('a JSON answer that is no message');
    await settledAs('delivered');
    expect((await dingo.http('/_dingo/inbox?corpId=corpA&userId=alice')).body.messages).toEqual([]);
  });

  it('records a 500 in the delivery log and posts again when the clock moves past the redelivery time', async () => {
    answer = (response) => response.writeHead(500).end('boom');
    await say('will you fail?');
    await until(async () => events((await deliveries()).deliveries[0]).includes('failed'));
    let [delivery] = (await deliveries()).deliveries;
    expect(delivery.status).toBe('pushed');
    expect(delivery.attempts.at(-1)).toMatchObject({ event: 'failed', connectionId: callbackUrl, detail: 'HTTP 500; posted again in 60000 ms' });

    answer = json({ msgtype: 'text', text: { content: 'better now' } });
    await advance(60_000);
    delivery = await settledAs('answered');
    expect(events(delivery)).toEqual(['queued', 'pushed', 'failed', 'redelivered', 'answered']);
    expect(received).toHaveLength(2);
    expect(received[1]!.body.msgId).toBe(received[0]!.body.msgId);
    expect(received[1]!.headers.timestamp).toBe(String(start + 60_000));
  });

  it('records a callback that does not answer in time, retries it, and gives up after three posts', async () => {
    answer = (response) => setTimeout(() => response.end(), TIMEOUT_MS * 4).unref();
    await say('are you slow?');
    await until(async () => events((await deliveries()).deliveries[0]).includes('failed'));
    expect((await deliveries()).deliveries[0].attempts.at(-1).detail).toBe(`no answer within ${TIMEOUT_MS} ms; posted again in 60000 ms`);
    await advance(60_000);
    await until(async () => events((await deliveries()).deliveries[0]).filter((e) => e === 'failed').length === 2);
    await advance(60_000);
    const delivery = await settledAs('failed');
    expect(events(delivery)).toEqual(['queued', 'pushed', 'failed', 'redelivered', 'failed', 'redelivered', 'failed']);
    expect(delivery.attempts.at(-1).detail).toBe(`no answer within ${TIMEOUT_MS} ms; gave up after 3 posts`);
    await advance(600_000);
    expect(received).toHaveLength(3);
  });

  it('follows no redirect: a 302 is a failed attempt', async () => {
    answer = (response) => response.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    await say('redirected?');
    await until(async () => events((await deliveries()).deliveries[0]).includes('failed'));
    expect((await deliveries()).deliveries[0].attempts.at(-1).detail).toBe('HTTP 302; posted again in 60000 ms');
    expect(received).toHaveLength(1);
  });
});

describe('a callback fault', () => {
  it('fails the next post without sending it, as if the bot answered that status', async () => {
    await dingo.http('/_dingo/faults', { method: 'POST', json: { api: 'callback', appKey: 'appA2', status: 503, code: 'ServiceUnavailable' } });
    await say('faulty');
    await until(async () => events((await deliveries()).deliveries[0]).includes('failed'));
    expect((await deliveries()).deliveries[0].attempts.slice(1)).toEqual([
      { event: 'pushed', at: expect.any(String), connectionId: null, detail: null },
      { event: 'failed', at: expect.any(String), connectionId: null, detail: 'HTTP 503 ServiceUnavailable (an injected fault; nothing was posted); posted again in 60000 ms' },
    ]);
    expect(received).toEqual([]);
    await advance(60_000);
    await settledAs('delivered');
    expect(received).toHaveLength(1);
  });
});

describe('GET /_dingo/deliveries', () => {
  it('shows how the robot receives, with no deliveries before anyone writes', async () => {
    expect(await deliveries()).toEqual({ corpId: 'corpA', robotCode: 'appA2', receive: 'http', callbackUrl, connections: [], deliveries: [] });
  });

  it('needs corpId when the robotCode is in several corps, and refuses an unknown robot', async () => {
    const ambiguous = await dingo.http('/_dingo/deliveries?robotCode=suiteBot');
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body).toMatchObject({ code: 'invalidParameter.corpId.missing', message: 'Robot suiteBot is in several corps (corpA, corpB): give corpId.' });
    expect((await dingo.http('/_dingo/deliveries?robotCode=suiteBot&corpId=corpB')).body).toMatchObject({ corpId: 'corpB', robotCode: 'suiteBot', receive: 'stream' });
    const unknown = await dingo.http('/_dingo/deliveries?robotCode=nobody');
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('invalidParameter.robotCode.invalid');
    expect((await dingo.http('/_dingo/deliveries?robotCode=appA2&corpId=corpB')).body.code).toBe('invalidParameter.robotCode.invalid');
  });
});
