/**
 * `npm run bench`: drives a running Dingo with autocannon and prints throughput
 * and latency per endpoint, next to a bare Node.js HTTP server answering the
 * same request in the same run. Dingo runs as its own process, as in production
 * (built code, warn-level logs, flow control off so the load is not refused), on an
 * SQLite file, or on the PostgreSQL database `BENCH_DB` names (postgres://…). On SQLite one
 * more row sends again with `--sqlite-synchronous full`: what a power-safe commit costs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const POSTGRES_URL = process.env.BENCH_DB;
const PORT = 3999;
const BASE = `http://127.0.0.1:${PORT}`;
/** A second Dingo, on its own SQLite file, with `--sqlite-synchronous full`. */
const FULL_SYNC_PORT = PORT + 2;

interface Row {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(name: string, options: autocannon.Options): Promise<Row> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { name, requestsPerSecond: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors };
}

/** One corp with 20 users and one app whose robot sends to all of them. */
const USER_IDS = Array.from({ length: 20 }, (_, i) => `user${i + 1}`);
const SEED = {
  corps: [
    {
      corpId: 'dingbenchcorp',
      name: 'Bench Corp',
      users: USER_IDS.map((userId) => ({ userId, name: `User ${userId}` })),
      apps: [{ appKey: 'dingbenchapp', appSecret: 'bench-secret', name: 'Bench', robots: [{ name: 'Bench Bot' }] }],
    },
  ],
};

async function startDingo(dataDir: string, port = PORT, database = POSTGRES_URL ?? `sqlite:${join(dataDir, 'bench.db')}`, ...more: string[]): Promise<ChildProcess> {
  const seedFile = join(dataDir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(SEED));
  const child = spawn(
    process.execPath,
    ['dist/server/cli.js', 'serve', '--port', String(port), '--db', database, '--seed', seedFile, '--flow-limit', '0', '--log-level', 'warn', ...more],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('Dingo did not start (did `npm run build` run?)');
}

async function post(path: string, body: unknown, token?: string, base = BASE): Promise<any> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-acs-dingtalk-access-token': token } : {}) },
    body: JSON.stringify(body),
  });
  return response.json();
}

/** batchSend on a Dingo whose SQLite fsyncs every commit (`--sqlite-synchronous full`), started for this row only. */
async function loadFullSync(send: string): Promise<Row> {
  const base = `http://127.0.0.1:${FULL_SYNC_PORT}`;
  const fullSync = await startDingo(dataDir, FULL_SYNC_PORT, `sqlite:${join(dataDir, 'bench-full.db')}`, '--sqlite-synchronous', 'full');
  try {
    const { accessToken } = await post('/v1.0/oauth2/accessToken', { appKey: 'dingbenchapp', appSecret: 'bench-secret' }, undefined, base);
    const headers = { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': accessToken };
    return await load('batchSend, synchronous FULL', { url: `${base}/v1.0/robot/oToMessages/batchSend`, method: 'POST', body: send, headers });
  } finally {
    fullSync.kill('SIGTERM');
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'dingo-bench-'));
const dingo = await startDingo(dataDir);
try {
  const { accessToken } = await post('/v1.0/oauth2/accessToken', { appKey: 'dingbenchapp', appSecret: 'bench-secret' });
  const send = JSON.stringify({ robotCode: 'dingbenchapp', userIds: USER_IDS, msgKey: 'sampleText', msgParam: '{"content":"benchmark"}' });
  const sent = await post('/v1.0/robot/oToMessages/batchSend', JSON.parse(send), accessToken);
  if (sent.invalidStaffIdList?.length !== 0) throw new Error(`the bench send did not reach its 20 users: ${JSON.stringify(sent)}`);
  const headers = { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': accessToken };

  const bare = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
    response.end(JSON.stringify({ processQueryKey: sent.processQueryKey, invalidStaffIdList: [], flowControlledStaffIdList: [] }));
  });
  await new Promise<void>((resolve) => bare.listen(PORT + 1, '127.0.0.1', resolve));

  const rows = [
    await load('bare Node.js http (baseline)', { url: `http://127.0.0.1:${PORT + 1}/`, method: 'POST', body: send, headers }),
    await load('batchSend to 20 users', { url: `${BASE}/v1.0/robot/oToMessages/batchSend`, method: 'POST', body: send, headers }),
    await load('readStatus', {
      url: `${BASE}/v1.0/robot/oToMessages/readStatus?robotCode=dingbenchapp&processQueryKey=${encodeURIComponent(sent.processQueryKey)}`,
      headers,
    }),
    await load('accessToken', { url: `${BASE}/v1.0/oauth2/accessToken`, method: 'POST', body: JSON.stringify({ appKey: 'dingbenchapp', appSecret: 'bench-secret' }), headers }),
  ];
  bare.close();
  if (POSTGRES_URL === undefined) rows.push(await loadFullSync(send));
  const baseline = rows[0]?.requestsPerSecond ?? 1;
  const database = POSTGRES_URL === undefined ? 'SQLite' : 'PostgreSQL';
  console.log(`\n${database}, ${CONNECTIONS} connections, ${SECONDS} s per endpoint, Node ${process.version}\n`);
  console.log('endpoint                        req/s   vs bare   p50 ms   p99 ms   errors');
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(30)} ${String(row.requestsPerSecond).padStart(7)}   ${(row.requestsPerSecond / baseline).toFixed(2).padStart(7)}   ${String(row.p50).padStart(6)}   ${String(row.p99).padStart(6)}   ${String(row.errors).padStart(6)}`,
    );
  }
} finally {
  dingo.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
