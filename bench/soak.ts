import { APP_KEY, APP_SECRET, BATCH_SEND_BODY, CORP_ID, USER_IDS, sayBody } from './fixture.js';
import { call, expectOk, tokenHeaders } from './client.js';
import { DURABLE_FLAGS } from './rows.js';
import { residentMemory, startDingo, type BenchDatabase } from './servers.js';
import { connectBenchBot, sayText } from './streamBot.js';

const REPORT_EVERY_MS = 30_000;

/**
 * `npm run bench -- --soak [minutes]`: one durable Dingo under mixed load for `minutes`: batchSends,
 * readStatus of recent sends, recalls, the live event streams of 20 signed-in web users, and users'
 * messages pushed to a `dingtalk-stream` bot that acks them. Every 30 s: requests and errors so far
 * and the server's memory; at the end the summary.
 */
export async function runSoak(minutes: number, database: BenchDatabase): Promise<void> {
  const dingo = await startDingo(`soak [${database.label}]`, await database.create('bench_soak'), ['--dev', '--no-transparent', ...DURABLE_FLAGS]);
  const bot = await connectBenchBot(dingo.url, APP_KEY, APP_SECRET);
  const streams = new AbortController();
  try {
    console.log(`soak: ${minutes} min of mixed load on ${database.label}\n`);
    const { accessToken } = await expectOk('accessToken', `${dingo.url}/v1.0/oauth2/accessToken`, { body: JSON.stringify({ appKey: APP_KEY, appSecret: APP_SECRET }) });
    const headers = tokenHeaders(accessToken);
    const requests: Record<string, number> = { send: 0, readStatus: 0, recall: 0, say: 0, 'Stream ack': 0, 'live event': 0 };
    const errors: Record<string, number> = {};
    const failed = (kind: string, detail: string) => {
      if ((errors[kind] = (errors[kind] ?? 0) + 1) <= 3) console.log(`  error (${kind}): ${detail.slice(0, 200)}`);
    };
    const deadline = Date.now() + minutes * 60_000;
    const recent: string[] = [];

    /** `concurrency` loops calling `once` until the deadline, each pausing `pauseMs` between calls. */
    const loop = (kind: string, concurrency: number, pauseMs: number, once: () => Promise<{ status: number; body: any } | undefined>) =>
      Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (Date.now() < deadline) {
            try {
              const answer = await once();
              if (answer) {
                requests[kind] = (requests[kind] ?? 0) + 1;
                if (answer.status !== 200) failed(kind, `HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
              }
            } catch (error) {
              failed(kind, String(error));
            }
            await new Promise((resolve) => setTimeout(resolve, pauseMs));
          }
        }),
      );

    const memory = { first: residentMemory(dingo.pid).nowMb, max: 0, last: 0 };
    const report = () => {
      const { nowMb, peakMb } = residentMemory(dingo.pid);
      Object.assign(memory, { max: peakMb, last: nowMb });
      requests['Stream ack'] = (requests['Stream ack'] ?? 0) + bot.takeLatencies().length;
      const errorCount = Object.values(errors).reduce((sum, n) => sum + n, 0);
      console.log(`${new Date().toISOString().slice(11, 19)}  ${Object.entries(requests).map(([kind, n]) => `${kind} ${n}`).join(', ')}  errors ${errorCount}  RSS ${nowMb} MB (peak ${peakMb} MB)`);
    };
    const reporter = setInterval(report, REPORT_EVERY_MS);
    const closeStreams = setTimeout(() => streams.abort(), deadline - Date.now());

    await Promise.all([
      ...USER_IDS.map((userId) => watchLiveEvents(dingo.url, userId, deadline, streams.signal, () => requests['live event']!++, (detail) => failed('live stream', detail))),
      loop('send', 4, 0, async () => {
        const answer = await call(`${dingo.url}/v1.0/robot/oToMessages/batchSend`, { body: BATCH_SEND_BODY, headers });
        if (answer.status === 200) recent.push(answer.body.processQueryKey);
        return answer;
      }),
      loop('readStatus', 2, 0, async () => {
        const key = recent[Math.floor(Math.random() * recent.length)];
        if (key === undefined) return undefined;
        return call(`${dingo.url}/v1.0/robot/oToMessages/readStatus?robotCode=${APP_KEY}&processQueryKey=${encodeURIComponent(key)}`, { headers });
      }),
      loop('recall', 1, 100, async () => {
        const keys = recent.splice(0, Math.max(0, recent.length - 100)).slice(-20);
        if (keys.length === 0) return undefined;
        return call(`${dingo.url}/v1.0/robot/otoMessages/batchRecall`, { body: JSON.stringify({ robotCode: APP_KEY, processQueryKeys: keys }), headers });
      }),
      loop('say', 2, 0, () => call(`${dingo.url}/_dingo/say`, { body: sayBody(USER_IDS[Math.floor(Math.random() * USER_IDS.length)] as string, sayText()) })),
    ]);
    clearInterval(reporter);
    clearTimeout(closeStreams);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the last pushes are acked
    report();
    console.log(`\nsoak summary (${minutes} min, ${database.label})`);
    console.log(`requests: ${Object.entries(requests).map(([kind, n]) => `${kind} ${n.toLocaleString('en')}`).join(', ')}`);
    console.log(`errors: ${Object.keys(errors).length === 0 ? 'none' : Object.entries(errors).map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
    console.log(`server RSS: first ${memory.first} MB, max ${memory.max} MB, last ${memory.last} MB`);
  } finally {
    streams.abort();
    bot.stop();
    await dingo.stop();
  }
}

/** A web user's live events (`/api/events`), kept open until the deadline; reopened if the server ends it. */
async function watchLiveEvents(url: string, userId: string, deadline: number, signal: AbortSignal, onEvent: () => void, onError: (detail: string) => void): Promise<void> {
  while (Date.now() < deadline && !signal.aborted) {
    try {
      const signIn = await fetch(`${url}/api/session/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ corpId: CORP_ID, userId }) });
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const events = await fetch(`${url}/api/events`, { headers: { cookie }, signal });
      if (events.status !== 200 || !events.body) throw new Error(`HTTP ${events.status}`);
      // One chunk may hold several events: each is counted.
      for await (const chunk of events.body) {
        for (const _ of Buffer.from(chunk).toString().matchAll(/^event: /gm)) onEvent();
      }
      if (!signal.aborted) onError(`the live stream of ${userId} ended`);
    } catch (error) {
      if (!signal.aborted) onError(String(error));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
