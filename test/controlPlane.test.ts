import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import type { DatabaseLocation } from '../src/config.js';
import { TEST_DIRECTORY } from './directory.js';
import { newTestDatabase, startTestDingo, type TestDingo } from './harness.js';
import { inbox, otoClient, sendOk, textTo } from './oto.js';

/** The dev-mode control plane over HTTP (README, Dev mode; docs/behaviour.md, Control plane). */

describe('POST /_dingo/clock', () => {
  const start = Date.UTC(2026, 3, 1, 8);
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo({}, undefined, new OffsetClock(() => start));
  });
  afterAll(() => dingo.close());

  const move = (body: unknown) => dingo.http('/_dingo/clock', { method: 'POST', json: body });

  it('moves the server clock forward and answers the new time', async () => {
    const answer = await move({ advanceMs: 90_000 });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(answer.body).toEqual({ now: new Date(start + 90_000).toISOString() });
    expect(dingo.clock.now()).toBe(start + 90_000);
    expect((await move({ advanceMs: 0 })).body).toEqual({ now: new Date(start + 90_000).toISOString() });
  });

  it('refuses a move backwards, a fraction, a string, a missing or an absurd amount, without moving', async () => {
    const before = dingo.clock.now();
    const cases: Array<[unknown, string]> = [
      [{ advanceMs: -1 }, 'body.advanceMs must be >= 0'],
      [{ advanceMs: 1.5 }, 'body.advanceMs must be integer'],
      [{ advanceMs: '1000' }, 'body.advanceMs must be integer'],
      [{}, 'body.advanceMs is required'],
      [{ advanceMs: 1e20 }, 'body.advanceMs must be <= 315360000000'],
    ];
    for (const [body, message] of cases) {
      const answer = await move(body);
      expect({ status: answer.status, body: answer.body }, JSON.stringify(body)).toEqual({
        status: 400,
        body: { code: 'invalidParameter.param.invalid', message, requestid: expect.any(String) },
      });
    }
    expect(dingo.clock.now()).toBe(before);
  });
});

describe('the moved clock across a restart', () => {
  const start = Date.UTC(2026, 3, 1, 8);
  const twoDays = 2 * 24 * 3600_000;
  let scratch: string | undefined;
  afterAll(() => scratch && rmSync(scratch, { recursive: true, force: true }));

  /** One database two servers share in turn: an SQLite file, or this project's PostgreSQL database. */
  async function sharedDatabase(): Promise<DatabaseLocation> {
    const location = await newTestDatabase();
    if (location.kind === 'postgres') return location;
    scratch = mkdtempSync(join(tmpdir(), 'dingo-restart-'));
    return { kind: 'sqlite', file: join(scratch, 'dingo.db') };
  }

  it('goes on from the moved time after a restart, so messages keep their order', async () => {
    const db = await sharedDatabase();
    // The servers' system clocks stand still, the second's a millisecond (a restart) after the first's: only the stored offset can move it past the first message.
    const first = await startTestDingo({ db }, TEST_DIRECTORY, new OffsetClock(() => start));
    await first.http('/_dingo/clock', { method: 'POST', json: { advanceMs: twoDays } });
    const before = await sendOk(otoClient(first, await first.appToken('appA', 'secretA')), textTo('appA', ['bob'], 'before the restart'));
    await first.close();

    const second = await startTestDingo({ db }, TEST_DIRECTORY, new OffsetClock(() => start + 1));
    try {
      expect(second.clock.now()).toBe(start + 1 + twoDays);
      expect((await second.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 0 } })).body).toEqual({
        now: new Date(start + 1 + twoDays).toISOString(),
      });
      const after = await sendOk(otoClient(second, await second.appToken('appA', 'secretA')), textTo('appA', ['bob'], 'after the restart'));
      const bobs = await inbox(second, 'corpA', 'bob');
      expect(bobs.map((m) => m.processQueryKey)).toEqual([before.processQueryKey, after.processQueryKey]);
      expect(bobs.map((m) => m.createdAt)).toEqual([new Date(start + twoDays).toISOString(), new Date(start + 1 + twoDays).toISOString()]);
    } finally {
      await second.close();
    }
  });
});

describe('control-plane bodies as curl sends them', () => {
  const start = Date.UTC(2026, 3, 1, 8);
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo({}, undefined, new OffsetClock(() => start));
  });
  afterAll(() => dingo.close());

  /** A POST exactly as given: `contentType` undefined sends no content type at all. */
  const post = (path: string, body: string, contentType?: string) =>
    dingo.http(path, {
      method: 'POST',
      // A byte array, unlike a string, makes fetch send no content type of its own.
      body: new TextEncoder().encode(body),
      headers: contentType === undefined ? {} : { 'content-type': contentType },
    });
  const emptyBody = { code: 'invalidParameter.msgBody.invalid', message: 'the request body is empty: it must be a JSON object', requestid: expect.any(String) };
  const notJson = { code: 'invalidParameter.msgBody.invalid', message: 'the request body is not valid JSON', requestid: expect.any(String) };

  const sendToBob = async () => {
    const client = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
    return (await sendOk(client, textTo('appA', ['bob']))).processQueryKey;
  };

  it('reads a JSON body whatever content type came with it, or none (curl -d says application/x-www-form-urlencoded)', async () => {
    const types = [undefined, 'application/x-www-form-urlencoded', 'text/plain', 'application/json', 'application/octet-stream'];
    for (const [index, type] of types.entries()) {
      const answer = await post('/_dingo/clock', JSON.stringify({ advanceMs: 1000 }), type);
      expect({ status: answer.status, body: answer.body }, String(type)).toEqual({ status: 200, body: { now: new Date(start + (index + 1) * 1000).toISOString() } });
    }
    const processQueryKey = await sendToBob();
    const read = await post('/_dingo/read', JSON.stringify({ corpId: 'corpA', userId: 'bob', processQueryKey }), 'application/x-www-form-urlencoded');
    expect({ status: read.status, body: read.body }).toEqual({ status: 200, body: { ok: true } });
    expect(await inbox(dingo, 'corpA', 'bob')).toEqual([expect.objectContaining({ processQueryKey, read: true })]);
  });

  it('refuses a body that is not JSON with a 400, and does nothing', async () => {
    const before = dingo.clock.now();
    for (const path of ['/_dingo/clock', '/_dingo/read', '/_dingo/reset']) {
      for (const [body, type] of [['advanceMs=1000', 'application/x-www-form-urlencoded'], ['{"advanceMs":', 'application/json'], ['hello', undefined]] as const) {
        const answer = await post(path, body, type);
        expect({ status: answer.status, body: answer.body }, `${path} ${body}`).toEqual({ status: 400, body: notJson });
      }
    }
    expect(dingo.clock.now()).toBe(before);
    expect(await inbox(dingo, 'corpA', 'bob')).toHaveLength(1);
  });

  it('refuses an empty body where the call needs one (clock, read), with or without a content type', async () => {
    const before = dingo.clock.now();
    for (const path of ['/_dingo/clock', '/_dingo/read']) {
      for (const [body, type] of [['', 'application/json'], ['', undefined], ['  \n', 'application/x-www-form-urlencoded']] as const) {
        const answer = await post(path, body, type);
        expect({ status: answer.status, body: answer.body }, `${path} ${JSON.stringify(body)} ${type}`).toEqual({ status: 400, body: emptyBody });
      }
    }
    expect(dingo.clock.now()).toBe(before);
  });

  it('resets with no body at all, also when a JSON content type announces one', async () => {
    for (const type of ['application/json', undefined, 'application/x-www-form-urlencoded']) {
      await sendToBob();
      const answer = await post('/_dingo/reset', '', type);
      expect({ status: answer.status, body: answer.body }, String(type)).toEqual({ status: 200, body: { ok: true } });
      expect(await inbox(dingo, 'corpA', 'bob'), String(type)).toEqual([]);
    }
    // A JSON body, though reset needs none, is fine too.
    expect((await post('/_dingo/reset', '{}', 'application/json')).body).toEqual({ ok: true });
  });

  it('still refuses a form a browser posts from another site, now that form bodies are read', async () => {
    const processQueryKey = await sendToBob();
    const crossSite = await dingo.http('/_dingo/reset', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.code).toBe('Forbidden.AccessDenied');
    expect(await inbox(dingo, 'corpA', 'bob')).toEqual([expect.objectContaining({ processQueryKey })]);
  });
});
