import { afterEach, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import { Retention } from '../src/domain/retention.js';
import { openStore } from '../src/store/openStore.js';
import { FIXTURE_DIRECTORY, TEST_SERVER_KEY } from './store/storeFixtures.js';
import { newTestDatabase, sdkError, startTestDingo, type TestDingo } from './harness.js';
import { TEST_DIRECTORY } from './directory.js';
import { inboxKeys, otoClient, sendOk, textTo, frozenClock } from './oto.js';
import { call, signInAs } from './webClientSession.js';

/**
 * Retention (docs/behaviour.md, Retention): the background purge deletes messages older than
 * `--retention-days` on Dingo's clock, with everything that shows them, and expired credentials.
 */

const DAY = 24 * 3600_000;
const START = '2030-03-15T10:00:00+08:00';

let dingo: TestDingo | undefined;
afterEach(async () => {
  await dingo?.close();
  dingo = undefined;
});

/** Robot appA's message to alice and bob, with a fresh token (the last one may have expired). */
async function sendText(running: TestDingo, content: string): Promise<string> {
  const client = otoClient(running, await running.appToken('appA', 'secretA'));
  return (await sendOk(client, textTo('appA', ['alice', 'bob'], content))).processQueryKey;
}

/** What readStatus answers for `processQueryKey`: the readers, or the refusal's status and code. */
async function readStatus(running: TestDingo, processQueryKey: string) {
  const client = otoClient(running, await running.appToken('appA', 'secretA'));
  const answer = client.readStatus({ robotCode: 'appA', processQueryKey });
  try {
    const status = await answer;
    return { status: status.statusCode, readers: status.body?.messageReadInfoList?.map((e) => e.userId) };
  } catch {
    const refusal = await sdkError(answer);
    return { status: refusal.statusCode, code: refusal.code, message: refusal.data?.message };
  }
}

/** What alice's one-to-one chat with appA shows in the web client: robot messages' content and what she wrote. */
async function aliceChat(running: TestDingo): Promise<string[]> {
  const alice = await signInAs(running, 'corpA', 'alice');
  const chat = await call(running, alice, '/api/chats/oto%3AappA/messages');
  return chat.body.messages.map((m: { kind: string; text?: string; msgParam?: string }) => (m.kind === 'user' ? m.text : JSON.parse(m.msgParam ?? '{}').content));
}

async function aliceWrites(running: TestDingo, text: string): Promise<void> {
  const alice = await signInAs(running, 'corpA', 'alice');
  expect((await call(running, alice, '/api/chats/oto%3AappA/messages', { method: 'POST', json: { text } })).status).toBe(200);
}

describe('retention with --retention-days 30', () => {
  it('purges messages and what users wrote once older than 30 days: readStatus answers as for an unknown key, the web client no longer shows them; newer ones stay', async () => {
    dingo = await startTestDingo({ retentionDays: 30 }, TEST_DIRECTORY, frozenClock(START));
    const old = await sendText(dingo, 'thirty-one days old');
    await aliceWrites(dingo, 'old words');
    dingo.clock.advance(20 * DAY);
    const recent = await sendText(dingo, 'eleven days old');
    await aliceWrites(dingo, 'recent words');
    dingo.clock.advance(11 * DAY);
    expect(await aliceChat(dingo)).toEqual(['thirty-one days old', 'old words', 'eleven days old', 'recent words']);

    const purged = await dingo.services.retention.purge();
    expect(purged).toMatchObject({ messages: 1, userMessages: 1 });

    const unknown = await readStatus(dingo, 'bm90IGEga2V5IG9mIGFueW9uZQ==');
    expect(unknown).toMatchObject({ status: 400, code: 'invalid.processQueryKey' });
    const justSent = await sendText(dingo, 'just sent');
    expect(await readStatus(dingo, justSent)).toEqual({ status: 200, readers: ['alice', 'bob'] });
    expect(await readStatus(dingo, old)).toEqual(unknown);
    // Kept: past readStatus's 24 hours, so known and answered as too old to query.
    expect(await readStatus(dingo, recent)).toMatchObject({ status: 400, code: 'processQueryKey.expireTime' });
    expect(await aliceChat(dingo)).toEqual(['eleven days old', 'recent words', 'just sent']);
    expect(await inboxKeys(dingo, 'corpA', 'bob')).toEqual([recent, justSent]);
  });

  it('purges expired web sessions: a session cookie of 31 days ago is gone from the store', async () => {
    dingo = await startTestDingo({ retentionDays: 30 }, TEST_DIRECTORY, frozenClock(START));
    const alice = await signInAs(dingo, 'corpA', 'alice');
    expect((await call(dingo, alice, '/api/chats')).status).toBe(200);
    dingo.clock.advance(31 * DAY);
    expect(await dingo.services.retention.purge()).toMatchObject({ webSessions: 1 });
    expect((await call(dingo, alice, '/api/chats')).status).toBe(401);
  });
});

describe('retention in dev mode by default (--retention-days 0)', () => {
  it('keeps every message however old, and still purges expired credentials', async () => {
    dingo = await startTestDingo({}, TEST_DIRECTORY, frozenClock(START));
    expect(dingo.services.config.retentionDays).toBe(0);
    const old = await sendText(dingo, 'a year old');
    dingo.clock.advance(365 * DAY);
    expect(await dingo.services.retention.purge()).toMatchObject({ messages: 0, userMessages: 0, files: 0, botDeliveries: 0, accessTokens: 1 });
    // Kept: known, and answered as too old to query (readStatus's 24 hours), never as an unknown key.
    expect(await readStatus(dingo, old)).toMatchObject({ status: 400, code: 'processQueryKey.expireTime' });
    expect(await inboxKeys(dingo, 'corpA', 'bob')).toEqual([old]);
  });
});

describe('the purge, batch after batch', () => {
  it('deletes every old message in batches of the given size, and nothing newer', async () => {
    const store = await openStore(await newTestDatabase(), TEST_SERVER_KEY);
    try {
      await store.directory.apply(FIXTURE_DIRECTORY);
      const clock = new OffsetClock(() => 100 * DAY);
      const message = (key: string, at: number) => ({ corpId: 'corpA', processQueryKey: key, robotCode: 'appA', chatKind: 'oto' as const, openConversationId: null, msgKey: 'sampleText', msgParam: '{"content":"x"}', createdAt: at, sendOrder: at, recipients: ['alice'] });
      for (let i = 0; i < 7; i++) await store.messages.insert(message(`old${i}`, 60 * DAY + i));
      await store.messages.insert(message('new', 80 * DAY));
      expect(await new Retention(store, clock, 30, 2).purge()).toMatchObject({ messages: 7 });
      expect((await store.messages.listInbox('corpA', 'alice')).map((m) => m.processQueryKey)).toEqual(['new']);
    } finally {
      await store.close();
    }
  });
});
