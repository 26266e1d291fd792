import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveCli, type ServingCli } from './cliProcess.js';
import { dumpDatabase } from './databaseRows.js';
import { TEST_DIRECTORY } from './directory.js';

const RECIPIENTS = ['alice', 'bob', 'carol', 'dave'];
/** Sends in flight at once, and how many 200s the server gives before it is killed. */
const CONCURRENT_SENDS = 24;
const ANSWERED_BEFORE_KILL = 60;

describe('a 200 of batchSend survives kill -9 (SQLite, group commit)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dingo-durability-'));
  const file = join(dir, 'dingo.db');
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(TEST_DIRECTORY));
  const serve = () => serveCli(['--port', '0', '--db', `sqlite:${file}`, '--seed', seedFile, '--flow-limit', '0']);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function tokenOf(dingo: ServingCli): Promise<string> {
    const response = await fetch(`${dingo.url}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: 'appA', appSecret: 'secretA' }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  it('keeps every message answered 200, with all its deliveries, and never half of one', async () => {
    const dingo = await serve();
    const token = await tokenOf(dingo);
    const answered: string[] = [];
    let killed: Promise<unknown> | undefined;
    const sendUntilKilled = async () => {
      while (!killed) {
        const response = await fetch(`${dingo.url}/v1.0/robot/oToMessages/batchSend`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
          body: JSON.stringify({ robotCode: 'appA', userIds: RECIPIENTS, msgKey: 'sampleText', msgParam: '{"content":"durable?"}' }),
        }).catch(() => undefined);
        if (response?.status !== 200) continue;
        answered.push(((await response.json()) as { processQueryKey: string }).processQueryKey);
        // Killed the moment enough 200s are in, with other sends still in flight.
        if (answered.length >= ANSWERED_BEFORE_KILL) killed ??= dingo.stop('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_SENDS }, sendUntilKilled));
    expect(await killed).toEqual({ code: null, signal: 'SIGKILL' });

    // The restarted server opens the same file and answers for every message it answered 200 before.
    const restarted = await serve();
    try {
      const token2 = await tokenOf(restarted);
      for (const key of answered.slice(-5)) {
        const status = await fetch(`${restarted.url}/v1.0/robot/oToMessages/readStatus?robotCode=appA&processQueryKey=${encodeURIComponent(key)}`, {
          headers: { 'x-acs-dingtalk-access-token': token2 },
        });
        expect(status.status).toBe(200);
        const body = (await status.json()) as { messageReadInfoList: Array<{ userId: string }> };
        expect(body.messageReadInfoList.map((r) => r.userId)).toEqual(RECIPIENTS);
      }
    } finally {
      await restarted.stop();
    }

    const rows = await dumpDatabase({ kind: 'sqlite', file });
    const stored = new Set((rows.messages ?? []).map((m) => m.process_query_key as string));
    for (const key of answered) expect(stored.has(key), `message ${key} answered 200`).toBe(true);
    // Every stored message, answered or cut off by the kill, has all its deliveries or is not there at all.
    const deliveries = new Map<string, string[]>();
    for (const d of rows.deliveries ?? []) deliveries.set(d.process_query_key as string, [...(deliveries.get(d.process_query_key as string) ?? []), d.user_id as string]);
    for (const key of stored) expect(deliveries.get(key)?.sort()).toEqual(RECIPIENTS);
    expect([...deliveries.keys()].filter((key) => !stored.has(key))).toEqual([]);
  });
});
