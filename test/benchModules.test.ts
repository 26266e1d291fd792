import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startLimitServer, type LimitServer } from '../bench/limitServer.js';
import { median } from '../bench/load.js';
import { selectedBy } from '../bench/rows.js';
import { freePort } from './postgres/globalSetup.js';

/** The bench's own pieces (`npm run bench`, docs/benchmarks.md); never its speed. */
describe('the durable-write limit server', () => {
  let dir = '';
  let server: LimitServer | undefined;
  afterEach(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers each send after committing one message row and one inbox row per recipient, sends of one tick together', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dingo-limit-'));
    const file = join(dir, 'limit.db');
    const port = await freePort();
    server = await startLimitServer(file, port);
    const send = (userIds: string[]) =>
      fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: JSON.stringify({ userIds }) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const twenty = Array.from({ length: 20 }, (_, i) => `user${i}`);
    const answers = await Promise.all([send(twenty), send(twenty), send(['solo'])]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.processQueryKey)).size).toBe(3);
    const refused = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'not json' });
    expect(refused.status).toBe(400);

    const db = new Database(file, { readonly: true });
    expect(db.prepare('select count(*) as n from messages').get()).toEqual({ n: 3 });
    expect(db.prepare('select count(*) as n from inbox').get()).toEqual({ n: 41 });
    db.close();
  });
});

describe('BENCH_ONLY', () => {
  it('keeps the rows containing a piece, and leaves out those containing a !piece', () => {
    const keys = ['batchSend durable [SQLite]', 'readStatus [SQLite]', 'batchSend synchronous=full [SQLite]', 'Stream push [SQLite]'];
    expect(keys.filter(selectedBy(undefined))).toEqual(keys);
    expect(keys.filter(selectedBy('batchsend, stream'))).toEqual([keys[0], keys[2], keys[3]]);
    expect(keys.filter(selectedBy('!synchronous'))).toEqual([keys[0], keys[1], keys[3]]);
  });
});

describe('the median of rounds', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
