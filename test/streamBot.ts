import axios from 'axios';
import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import { afterAll, afterEach, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { OffsetClock } from '../src/clock.js';
import { startTestDingo, type TestDingo } from './harness.js';

/**
 * Bots for the Stream tests: the official `dingtalk-stream` SDK, unchanged,
 * with its DingTalk hosts rewritten to a test Dingo by an axios interceptor
 * (the SDK and this module share one axios); and a raw `ws` client for what the
 * SDK does not show (frames it handles itself).
 */

/** Rewrites DingTalk's API hosts to `baseUrl` for every axios request until the returned function is called. */
export function pointSdkAt(baseUrl: string): () => void {
  const id = axios.interceptors.request.use((config) => {
    config.url = config.url?.replace(/^https:\/\/(api|oapi)\.dingtalk\.com/, baseUrl);
    return config;
  });
  return () => axios.interceptors.request.eject(id);
}

export interface SdkBot {
  client: DWClient;
  clientId: string;
  /** Every CALLBACK the bot received on the robot topic, in order. */
  received: DWClientDownStream[];
  /** The next message received (already received ones first). */
  next(): Promise<DWClientDownStream>;
  stop(): void;
}

/** A `dingtalk-stream` bot of the app `clientId`, connected; with `ack`, it acks every message as the README shows. */
export async function connectSdkBot(clientId: string, clientSecret: string, ack: boolean): Promise<SdkBot> {
  const client = new DWClient({ clientId, clientSecret });
  const received: DWClientDownStream[] = [];
  let taken = 0;
  const waiters: Array<() => void> = [];
  client.registerCallbackListener(TOPIC_ROBOT, (message: DWClientDownStream) => {
    received.push(message);
    if (ack) client.socketCallBackResponse(message.headers.messageId, { ok: true });
    waiters.splice(0).forEach((wake) => wake());
  });
  await client.connect();
  await until(() => client.connected);
  return {
    client,
    clientId,
    received,
    async next() {
      while (received.length <= taken) await new Promise<void>((wake) => waiters.push(wake));
      return received[taken++] as DWClientDownStream;
    },
    stop: () => client.disconnect(),
  };
}

/** A test file's Dingo for Stream bots: its clock, and the bots it connected. */
export interface StreamSuite {
  /** Set before the first test. */
  dingo: TestDingo;
  /** A connected `dingtalk-stream` bot of the app, stopped after the test. */
  bot(clientId: string, clientSecret: string, ack?: boolean): Promise<SdkBot>;
}

/**
 * Registers the hooks of a test file whose bots are `dingtalk-stream` clients: one Dingo
 * whose clock stands at `start` until moved, the SDK pointed at it; after each test the
 * bots stop (their connections gone) and the messages are reset.
 */
export function streamSuite(start: number): StreamSuite {
  const bots: SdkBot[] = [];
  let restoreAxios: () => void = () => {};
  const suite: StreamSuite = {
    dingo: undefined as unknown as TestDingo,
    async bot(clientId, clientSecret, ack = true) {
      const connected = await connectSdkBot(clientId, clientSecret, ack);
      bots.push(connected);
      return connected;
    },
  };
  beforeAll(async () => {
    suite.dingo = await startTestDingo({}, undefined, new OffsetClock(() => start));
    restoreAxios = pointSdkAt(suite.dingo.url);
  });
  afterEach(async () => {
    const clientIds = new Set(bots.map((bot) => bot.clientId));
    bots.splice(0).forEach((bot) => bot.stop());
    await until(() => [...clientIds].every((clientId) => suite.dingo.services.streamGateway.connectionCount(clientId) === 0));
    await suite.dingo.http('/_dingo/reset', { method: 'POST' });
  });
  afterAll(async () => {
    restoreAxios();
    await suite.dingo?.close();
  });
  return suite;
}

/** Opens a Stream socket by hand: the gateway call, then the socket; every frame it receives, parsed. */
export async function connectRawSocket(dingo: TestDingo, clientId: string, clientSecret: string) {
  const opened = await dingo.http('/v1.0/gateway/connections/open', {
    method: 'POST',
    json: { clientId, clientSecret, subscriptions: [{ type: 'CALLBACK', topic: TOPIC_ROBOT }] },
  });
  const socket = new WebSocket(`${opened.body.endpoint}?ticket=${opened.body.ticket}`);
  const frames: Array<{ type: string; headers: Record<string, string>; data: string }> = [];
  const events: string[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    frames.push(frame);
    events.push(`${frame.type} ${frame.headers.topic}`);
  });
  socket.on('close', () => events.push('close'));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, frames, events, ticket: opened.body.ticket as string, endpoint: opened.body.endpoint as string };
}

/** Waits (real time) until `condition` holds. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
