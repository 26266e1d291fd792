import { APP_KEY, APP_SECRET, BATCH_SEND_BODY, GROUP_SEND_BODY, SESSION_REPLY_BODY, USER_IDS, sayBody } from './fixture.js';
import { expectOk, tokenHeaders } from './client.js';
import { drive, percentile, SECONDS, type Measurement } from './load.js';
import { prefillMessages } from './prefill.js';
import { startDingo, startReferenceServer, type BenchDatabase, type ServerProcess } from './servers.js';
import { connectBenchBot, sayText, type BenchBot } from './streamBot.js';

/** One line of load, run once per round: `key` names it in the results and in `BENCH_ONLY`. */
export interface LoadRow {
  key: string;
  run(): Promise<Measurement>;
}

/** The rows Dingo runs on each database, by name. */
export const DINGO_ROWS = [
  'batchSend durable',
  'batchSend default configuration',
  'readStatus',
  'batchSend at 500/s',
  'readStatus with 10 k messages',
  'readStatus with 1 M messages',
  'groupMessages/send',
  'sessionWebhook reply',
  'Stream push',
  'batchSend synchronous=full',
] as const;
export type DingoRowName = (typeof DINGO_ROWS)[number];

/**
 * `BENCH_ONLY`: comma-separated pieces of row keys; a row runs when its key contains one of
 * them and none of those written with a leading `!`. Unset: every row.
 */
export function selectedBy(only: string | undefined): (key: string) => boolean {
  const pieces = (only ?? '').split(',').map((piece) => piece.trim().toLowerCase()).filter((piece) => piece !== '');
  const wanted = pieces.filter((piece) => !piece.startsWith('!'));
  const unwanted = pieces.filter((piece) => piece.startsWith('!')).map((piece) => piece.slice(1));
  return (key) => {
    const lower = key.toLowerCase();
    return (wanted.length === 0 || wanted.some((piece) => lower.includes(piece))) && !unwanted.some((piece) => lower.includes(piece));
  };
}

/** The bare server and the limit server: always run, every ratio needs them. */
export async function referenceRows(): Promise<{ rows: LoadRow[]; servers: ServerProcess[] }> {
  const bare = await startReferenceServer('bare');
  const limit = await startReferenceServer('limit');
  const post = (url: string) => () => drive({ url, method: 'POST', body: BATCH_SEND_BODY, headers: { 'content-type': 'application/json' } });
  return {
    rows: [
      { key: 'bare node:http', run: post(`${bare.url}/`) },
      { key: 'limit server', run: post(`${limit.url}/`) },
    ],
    servers: [bare, limit],
  };
}

/** Dingo's rows on one database, for the selected names; the servers they need are started (and prefilled). */
export interface DingoSuite {
  rows: LoadRow[];
  /** The Dingo whose memory the table reports: the one most rows run on. */
  main: ServerProcess;
  servers: ServerProcess[];
  bots: BenchBot[];
  /** What happened while setting up (prefill times, rows that could not run). */
  notes: string[];
}

/** Flow control and the sessionWebhook limit off, so every request of a row is a stored send, not a refusal. */
export const DURABLE_FLAGS = ['--flow-limit', '0', '--session-webhook-limit', '0', '--log-level', 'warn'];

export function rowKey(database: BenchDatabase, name: DingoRowName): string {
  return `${name} [${database.label}]`;
}

export async function startDingoSuite(database: BenchDatabase, selected: (key: string) => boolean): Promise<DingoSuite> {
  const wanted = (name: DingoRowName) => selected(rowKey(database, name)) && (name !== 'batchSend synchronous=full' || database.kind === 'sqlite');
  const suite: DingoSuite = { rows: [], main: undefined as unknown as ServerProcess, servers: [], bots: [], notes: [] };
  const start = async (name: string, flags: string[]) => {
    const db = await database.create(`bench_${name}`);
    const server = await startDingo(`${name} [${database.label}]`, db, flags);
    suite.servers.push(server);
    return { server, db };
  };
  const add = (name: DingoRowName, run: () => Promise<Measurement>) => suite.rows.push({ key: rowKey(database, name), run });

  // The durable configuration, in dev mode for /_dingo/say (the Stream rows) and the user's session.
  const { server: main } = await start('durable', ['--dev', '--no-transparent', ...DURABLE_FLAGS]);
  suite.main = main;
  const mainSetup = await prepare(main);
  if (wanted('batchSend durable')) add('batchSend durable', () => drive(mainSetup.batchSend));
  if (wanted('readStatus')) add('readStatus', () => drive(mainSetup.readStatus));
  if (wanted('batchSend at 500/s')) add('batchSend at 500/s', () => drive({ ...mainSetup.batchSend, connections: 16, overallRate: 500 }));
  if (wanted('groupMessages/send')) {
    await expectOk('groupMessages/send', `${main.url}/v1.0/robot/groupMessages/send`, { body: GROUP_SEND_BODY, headers: mainSetup.headers });
    add('groupMessages/send', () => drive({ url: `${main.url}/v1.0/robot/groupMessages/send`, method: 'POST', body: GROUP_SEND_BODY, headers: mainSetup.headers }));
  }
  if (wanted('sessionWebhook reply') || wanted('Stream push')) {
    const bot = await connectBenchBot(main.url, APP_KEY, APP_SECRET);
    suite.bots.push(bot);
    if (wanted('sessionWebhook reply')) {
      const webhook = bot.nextSessionWebhook();
      await expectOk('say', `${main.url}/_dingo/say`, { body: sayBody('user1', 'hello') });
      const url = await webhook;
      const reply = await expectOk('sessionWebhook reply', url, { body: SESSION_REPLY_BODY });
      if (reply.errcode !== 0) throw new Error(`the sessionWebhook reply was refused: ${JSON.stringify(reply)}`);
      add('sessionWebhook reply', () => drive({ url, method: 'POST', body: SESSION_REPLY_BODY, headers: { 'content-type': 'application/json' } }));
    }
    if (wanted('Stream push')) add('Stream push', () => streamPush(main, bot));
  }

  if (wanted('batchSend default configuration')) {
    const defaults = await prepare((await start('defaults', [])).server);
    add('batchSend default configuration', () => drive(defaults.batchSend));
  }
  for (const [name, count] of [
    ['readStatus with 10 k messages', 10_000],
    ['readStatus with 1 M messages', 1_000_000],
  ] as const) {
    if (!wanted(name)) continue;
    const { server: history, db } = await start(`history${count}`, DURABLE_FLAGS);
    const ms = await prefillMessages(db, count);
    suite.notes.push(`prefill of ${count.toLocaleString('en')} messages on ${database.label}: ${(ms / 1000).toFixed(1)} s`);
    const setup = await prepare(history);
    add(name, () => drive(setup.readStatus));
  }
  if (wanted('batchSend synchronous=full')) {
    const full = await prepare((await start('full', [...DURABLE_FLAGS, '--sqlite-synchronous', 'full'])).server);
    add('batchSend synchronous=full', () => drive(full.batchSend));
  }
  return suite;
}

/** A token, and one send checked whole: the requests the rows repeat. */
async function prepare(dingo: ServerProcess) {
  const { accessToken } = await expectOk('accessToken', `${dingo.url}/v1.0/oauth2/accessToken`, { body: JSON.stringify({ appKey: APP_KEY, appSecret: APP_SECRET }) });
  const headers = tokenHeaders(accessToken);
  const sent = await expectOk('batchSend', `${dingo.url}/v1.0/robot/oToMessages/batchSend`, { body: BATCH_SEND_BODY, headers });
  if (sent.invalidStaffIdList?.length !== 0 || sent.flowControlledStaffIdList?.length !== 0) {
    throw new Error(`the bench send did not reach its ${USER_IDS.length} users: ${JSON.stringify(sent)}`);
  }
  const readStatusUrl = `${dingo.url}/v1.0/robot/oToMessages/readStatus?robotCode=${APP_KEY}&processQueryKey=${encodeURIComponent(sent.processQueryKey)}`;
  await expectOk('readStatus', readStatusUrl, { headers });
  return {
    headers,
    batchSend: { url: `${dingo.url}/v1.0/robot/oToMessages/batchSend`, method: 'POST' as const, body: BATCH_SEND_BODY, headers },
    readStatus: { url: readStatusUrl, headers },
  };
}

/** Users write to the robot through `/_dingo/say` (16 connections); the bot acks each on arrival: acks per second, say → ack latency. */
async function streamPush(dingo: ServerProcess, bot: BenchBot): Promise<Measurement> {
  bot.takeLatencies();
  const say = await drive({
    url: `${dingo.url}/_dingo/say`,
    method: 'POST',
    connections: 16,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: sayBody(USER_IDS[Math.floor(Math.random() * USER_IDS.length)] as string, sayText()) }) }],
  });
  const latencies = bot.takeLatencies();
  await new Promise((resolve) => setTimeout(resolve, 500)); // late acks are not counted
  bot.takeLatencies();
  return { perSecond: latencies.length / SECONDS, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors: say.errors };
}
