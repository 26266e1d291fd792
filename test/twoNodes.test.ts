import { describe, expect, it } from 'vitest';
import type { TestDingo } from './harness.js';
import { inboxKeys, markRead, otoClient, sendOk, textTo } from './oto.js';
import { twoNodes } from './twoNodesSuite.js';

/**
 * Two nodes on one database, each behind its own port, as behind a load balancer
 * (docs/architecture.md, Several nodes): what lives in the store is shared, on both
 * databases. What crosses the channel between nodes is in test/postgres/nodeChannel.test.ts.
 */
const QPS_CODE = 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi';

describe('two nodes on one store', () => {
  const nodes = twoNodes({ flowLimit: 0 });

  it('sends through A; readStatus, /_dingo/read and recall through B', async () => {
    const { a, b } = nodes;
    const token = await a.appToken('appA', 'secretA');
    const sent = await sendOk(otoClient(a, token), textTo('appA', ['alice', 'bob']));
    const onB = otoClient(b, token);
    const readStatuses = async (dingo: TestDingo) =>
      (await otoClient(dingo, token).readStatus({ robotCode: 'appA', processQueryKey: sent.processQueryKey })).body?.messageReadInfoList?.map((info) => `${info.userId} ${info.readStatus}`);
    expect(await readStatuses(b)).toEqual(['alice UNREAD', 'bob UNREAD']);
    expect((await markRead(b, 'corpA', 'alice', sent.processQueryKey)).status).toBe(200);
    expect(await readStatuses(a)).toEqual(['alice READ', 'bob UNREAD']);
    expect((await onB.recall({ robotCode: 'appA', processQueryKeys: [sent.processQueryKey] })).body?.successResult).toEqual([sent.processQueryKey]);
    expect(await inboxKeys(a, 'corpA', 'bob')).not.toContain(sent.processQueryKey);
  });

  it('keeps the send order of messages sent alternately through A and B within one millisecond', async () => {
    const { a, b } = nodes;
    const token = await a.appToken('appA', 'secretA');
    const before = await inboxKeys(a, 'corpA', 'carol');
    const keys: string[] = [];
    // Both clocks stand still: only the shared counter orders these.
    for (let i = 0; i < 8; i++) keys.push((await sendOk(otoClient(i % 2 === 0 ? a : b, token), textTo('appA', ['carol'], `message ${i}`))).processQueryKey);
    expect((await inboxKeys(b, 'corpA', 'carol')).slice(before.length)).toEqual(keys);
    expect((await inboxKeys(a, 'corpA', 'carol')).slice(before.length)).toEqual(keys);
  });
});

describe('the QPS limit counted across two nodes (appQps: 2)', () => {
  const nodes = twoNodes({ appQps: 2 });

  it('refuses on B the third call of the second in which A served two, and serves it once the window moved on', async () => {
    const { a, b } = nodes;
    const token = await a.appToken('appA', 'secretA');
    const { processQueryKey } = await sendOk(otoClient(a, token), textTo('appA', ['alice']));
    await sendOk(otoClient(a, token), textTo('appA', ['alice']));
    const refused = await b.http('/v1.0/robot/oToMessages/batchSend', { method: 'POST', token, json: textTo('appA', ['alice']) });
    expect(refused).toMatchObject({ status: 403, body: { code: QPS_CODE } });
    // Another API of the same app has its own window.
    expect((await otoClient(b, token).readStatus({ robotCode: 'appA', processQueryKey })).statusCode).toBe(200);
    a.clock.advance(1000);
    b.clock.advance(1000);
    await sendOk(otoClient(b, token), textTo('appA', ['alice']));
  });
});
