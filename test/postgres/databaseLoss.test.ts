import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/clock.js';
import { startDingo } from '../../src/dingo.js';
import { TEST_DIRECTORY } from '../directory.js';
import { TEST_CONFIG, type TestDingo } from '../harness.js';
import { withSdk } from '../sdk.js';
import { listen, signInAs } from '../webClientSession.js';
import { freePort, importEmbeddedPostgresKeepingExitCode } from './globalSetup.js';

const REQUEST_ID = expect.stringMatching(/^[0-9A-F-]{36}$/);
const UNAVAILABLE = { code: 'ServiceUnavailable', message: expect.any(String), requestid: REQUEST_ID };
const LEGACY_UNAVAILABLE = { errcode: -1, errmsg: '系统繁忙', request_id: REQUEST_ID };

/**
 * A node whose PostgreSQL goes away and comes back (docs/behaviour.md, Losing the database). The test
 * stops the database, so it runs its own server (not the one the other suites share), on its own port and directory.
 */
describe('losing the database under a running node', () => {
  const dataDir = join(tmpdir(), `dingo-db-loss-${process.pid}-${Date.now()}`);
  let database: { start(): Promise<void>; stop(): Promise<void> };
  let url: string;
  let dingo: TestDingo;

  beforeAll(async () => {
    const EmbeddedPostgres = await importEmbeddedPostgresKeepingExitCode();
    const port = await freePort();
    const server = new EmbeddedPostgres({ databaseDir: dataDir, user: 'dingo', password: 'dingo', port, persistent: true, onLog: () => {} });
    await server.initialise();
    await server.start();
    database = server;
    url = `postgres://dingo:dingo@127.0.0.1:${port}/postgres`;
    const clock = new OffsetClock();
    dingo = withSdk(await startDingo({ ...TEST_CONFIG, db: { kind: 'postgres', url } }, { seedData: TEST_DIRECTORY, clock }), clock);
  });

  afterAll(async () => {
    await dingo?.close();
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (token: string, content: string) =>
    dingo.http('/v1.0/robot/oToMessages/batchSend', {
      method: 'POST',
      token,
      json: { robotCode: 'appA', userIds: ['bob'], msgKey: 'sampleText', msgParam: JSON.stringify({ content }) },
    });

  async function sentContents(): Promise<string[]> {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // Each message with its copies: a message written whole has its one recipient's (bob's).
      const rows = (
        await admin.query(
          'SELECT m.msg_param, (SELECT count(*)::int FROM deliveries d WHERE d.process_query_key = m.process_query_key) AS copies FROM messages m ORDER BY m.send_order',
        )
      ).rows as Array<{ msg_param: string; copies: number }>;
      return rows.map((row) => `${(JSON.parse(row.msg_param) as { content: string }).content} (${row.copies} copy)`);
    } finally {
      await admin.end();
    }
  }

  it('answers 503 with a code while it is away, serves again by itself when it is back, and leaves nothing half-written', async () => {
    const token = await dingo.appToken('appA', 'secretA');
    expect((await send(token, 'before')).status).toBe(200);
    const bob = await signInAs(dingo, 'corpA', 'bob');
    const live = listen(dingo, bob);
    await live.ready;

    // A send caught mid-way: the statement writing its message and its deliveries waits on a lock the test holds.
    const blocker = new pg.Client({ connectionString: url });
    blocker.on('error', () => {});
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE deliveries IN SHARE MODE');
    const interrupted = send(token, 'interrupted');
    for (let waiting = 0; waiting === 0; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const { rows } = await blocker.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%insert into deliveries%'`);
      waiting = (rows[0] as { waiting: number }).waiting;
    }

    // Invalidations published while the channel between nodes is away are lost: once back, the node's caches start afresh.
    const droppedRobots: string[] = [];
    const stopHearing = dingo.services.caches.onInvalidate('robots', (key) => droppedRobots.push(key));
    await database.stop();
    const interruptedAnswer = await interrupted;
    // PostgreSQL's fast shutdown ends the blocker's session and the send's at once: the send is refused whole
    // (503), or, when its backend got the lock and committed before it ended, answered 200 whole. Never half.
    const interruptedCommitted = interruptedAnswer.status === 200;
    if (!interruptedCommitted) {
      expect(interruptedAnswer.status).toBe(503);
      expect(interruptedAnswer.body).toEqual(UNAVAILABLE);
    }

    // While it is away: the robot API, the web API, the control plane, /healthz and the legacy endpoints.
    const robotApi = await send(token, 'while away');
    expect(robotApi.status).toBe(503);
    expect(robotApi.body).toEqual(UNAVAILABLE);
    expect(robotApi.headers.get('content-type')).toBe('application/json;charset=utf-8');
    const webApi = await fetch(`${dingo.url}/api/chats`, { headers: { cookie: bob } });
    expect(webApi.status).toBe(503);
    expect(await webApi.json()).toEqual(UNAVAILABLE);
    const controlPlane = await dingo.http('/_dingo/inbox?corpId=corpA&userId=bob');
    expect(controlPlane.status).toBe(503);
    expect(controlPlane.body).toEqual(UNAVAILABLE);
    const health = await dingo.http('/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ ...UNAVAILABLE, status: 'unavailable' });
    const legacyCalls = [
      dingo.http('/gettoken?appkey=appA&appsecret=secretA'),
      dingo.http(`/topapi/v2/user/get?access_token=${token}`, { method: 'POST', json: { userid: 'bob' } }),
      dingo.http('/robot/send?access_token=any', { method: 'POST', json: { msgtype: 'text', text: { content: 'while away' } } }),
    ];
    for (const legacy of await Promise.all(legacyCalls)) {
      expect(legacy.status).toBe(503);
      expect(legacy.body).toEqual(LEGACY_UNAVAILABLE);
      expect(legacy.headers.get('content-type')).toBe('application/json;charset=utf-8');
    }

    // Back: the node reconnects by itself, with the token issued before, and the live stream opened before still delivers.
    await database.start();
    let healthStatus = 0;
    for (let attempt = 0; attempt < 100 && healthStatus !== 200; attempt++) {
      healthStatus = (await dingo.http('/healthz')).status;
      if (healthStatus !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(healthStatus).toBe(200);
    for (let attempt = 0; attempt < 200 && !droppedRobots.includes('*'); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(droppedRobots).toContain('*');
    stopHearing();
    const after = await send(token, 'after');
    expect(after.status).toBe(200);
    // (An interrupted send that committed may have its own event there first, or lost with the connection.)
    const deliveredAfter = () => live.events.some((event) => event.type === 'delivered' && event.processQueryKey === after.body.processQueryKey);
    for (let attempt = 0; attempt < 200 && !deliveredAfter(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(live.events).toContainEqual(expect.objectContaining({ type: 'delivered', processQueryKey: after.body.processQueryKey }));
    live.stop();

    // The interrupted send left no message (its row was rolled back with its transaction) unless it was answered 200,
    // and then the whole of it; the sends refused while away left nothing.
    const interruptedRows = interruptedCommitted ? ['interrupted (1 copy)'] : [];
    expect(await sentContents()).toEqual(['before (1 copy)', ...interruptedRows, 'after (1 copy)']);
    // A stop and a start of PostgreSQL take a few seconds on a loaded machine: more than the default test timeout.
  }, 90_000);
});
