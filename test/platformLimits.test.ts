import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthSdk, sdkError, startTestDingo, type TestDingo } from './harness.js';
import { allInboxes, captureEvents, frozenClock, otoClient, sendOk, textTo, type OtoClient } from './oto.js';

/**
 * DingTalk's platform limits (docs/behaviour.md, Platform limits), on the messaging side: a refused call writes nothing,
 * the QPS window is per app and per API, the monthly count per corp and per
 * calendar month in UTC+8. The Dingo clock is frozen, so
 * "the same instant" is exact and windows move only with clock.advance.
 */

const QPS_CODE = 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi';
const QUOTA_CODE = 'Forbidden.AccessDenied.ApiCountLimitForOrg';

async function expectRefusal(call: Promise<unknown>, code: string, status: number): Promise<void> {
  const error = await sdkError(call);
  expect({ code: error.code, statusCode: error.statusCode }).toEqual({ code, statusCode: status });
  expect(error.data?.requestid).toMatch(/^[0-9A-F-]{36}$/);
}

/** Moves the Dingo clock forward to `iso`. */
function moveClockTo(dingo: TestDingo, iso: string): void {
  const target = Date.parse(iso);
  expect(target).toBeGreaterThan(dingo.clock.now());
  dingo.clock.advance(target - dingo.clock.now());
  expect(dingo.clock.now()).toBe(target);
}

/** A robot call refused or served writes nothing when refused: this runs `call` and checks that. */
async function expectRefusedWithoutWrites(dingo: TestDingo, call: () => Promise<unknown>, code: string): Promise<void> {
  const before = await allInboxes(dingo);
  const { events, stop } = captureEvents(dingo);
  await expectRefusal(call(), code, 403);
  stop();
  expect(events).toEqual([]);
  expect(await allInboxes(dingo)).toEqual(before);
}

describe('QPS limit per app and per API (appQps: 5)', () => {
  let dingo: TestDingo;
  let a: OtoClient;
  let a2: OtoClient;
  /** Keys of the five sends of the first instant. */
  let firstKeys: string[] = [];

  beforeAll(async () => {
    dingo = await startTestDingo({ appQps: 5 }, undefined, frozenClock('2030-03-15T10:00:00+08:00'));
    a = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
    a2 = otoClient(dingo, await dingo.appToken('appA2', 'secretA2'));
  });
  afterAll(() => dingo.close());

  it('serves five batchSend calls in the same instant and refuses the sixth with 403, writing nothing', async () => {
    const five = await Promise.all(Array.from({ length: 5 }, (_, i) => a.send(textTo('appA', ['alice'], `call ${i}`))));
    for (const response of five) expect(response.statusCode).toBe(200);
    firstKeys = five.map((response) => response.body?.processQueryKey ?? '');

    await expectRefusedWithoutWrites(dingo, () => a.send(textTo('appA', ['alice', 'bob', 'carol', 'dave'], 'the sixth')), QPS_CODE);
  });

  it('leaves the other APIs of the app alone: readStatus and batchRecall are served in the same instant', async () => {
    await expectRefusal(a.send(textTo('appA', ['bob'])), QPS_CODE, 403);
    for (const key of firstKeys) {
      const status = await a.readStatus({ robotCode: 'appA', processQueryKey: key });
      expect(status.statusCode).toBe(200);
      expect(status.body?.messageReadInfoList?.map((e) => e.userId)).toEqual(['alice']);
    }
    await expectRefusal(a.readStatus({ robotCode: 'appA', processQueryKey: firstKeys[0] ?? '' }), QPS_CODE, 403);
    const recall = await a.recall({ robotCode: 'appA', processQueryKeys: [firstKeys[0] ?? ''] });
    expect(recall.statusCode).toBe(200);
    expect(recall.body?.successResult).toEqual([firstKeys[0]]);
  });

  it('leaves the other apps alone: appA2 sends with its own robot in the same instant', async () => {
    for (let i = 0; i < 5; i++) await sendOk(a2, textTo('appA2', ['bob']));
    await expectRefusal(a2.send(textTo('appA2', ['bob'])), QPS_CODE, 403);
  });

  it('refuses until the 1000 ms window has rolled past the calls, then serves again', async () => {
    dingo.clock.advance(999);
    await expectRefusal(a.send(textTo('appA', ['alice'])), QPS_CODE, 403);
    dingo.clock.advance(1);
    const again = await Promise.all(Array.from({ length: 5 }, () => a.send(textTo('appA', ['alice']))));
    for (const response of again) expect(response.statusCode).toBe(200);
    await expectRefusal(a.send(textTo('appA', ['alice'])), QPS_CODE, 403);
  });

  it('does not count token calls', async () => {
    for (let i = 0; i < 10; i++) expect(await dingo.appToken('appA', 'secretA')).not.toBe('');
  });
});

describe('monthly call quota per corp (monthlyQuota: 3)', () => {
  let dingo: TestDingo;
  let key = '';

  beforeAll(async () => {
    dingo = await startTestDingo({ monthlyQuota: 3 }, undefined, frozenClock('2030-03-15T10:00:00+08:00'));
  });
  afterAll(() => dingo.close());

  /** A fresh token (tokens live two hours; the tests move the clock by weeks). */
  const clientOf = async (appKey: string, secret: string) => otoClient(dingo, await dingo.appToken(appKey, secret));

  it('does not count calls refused for their token or their permission', async () => {
    const stranger = otoClient(dingo, 'not-a-token');
    const noPermission = await clientOf('appNoPerm', 'secretNoPerm');
    for (let i = 0; i < 3; i++) {
      await expectRefusal(stranger.send(textTo('appA', ['alice'])), 'InvalidAuthentication', 400);
      await expectRefusal(noPermission.send(textTo('appNoPerm', ['alice'])), 'Forbidden.AccessDenied.AccessTokenPermissionDenied', 403);
    }
  });

  it('counts three robot calls of corp A across APIs and apps, whatever their outcome, then refuses the fourth, writing nothing', async () => {
    const a = await clientOf('appA', 'secretA');
    const a2 = await clientOf('appA2', 'secretA2');
    key = (await sendOk(a, textTo('appA', ['alice']))).processQueryKey; // 1
    expect((await a.readStatus({ robotCode: 'appA', processQueryKey: key })).statusCode).toBe(200); // 2
    await expectRefusal(a2.send(textTo('appA2', [])), 'invalidParameter.userIds.empty', 400); // 3: refused, still counted

    await expectRefusedWithoutWrites(dingo, () => a.send(textTo('appA', ['alice', 'bob', 'carol', 'dave'])), QUOTA_CODE);
    await expectRefusedWithoutWrites(dingo, () => a2.send(textTo('appA2', ['bob'])), QUOTA_CODE);
    await expectRefusedWithoutWrites(dingo, () => a.recall({ robotCode: 'appA', processQueryKeys: [key] }), QUOTA_CODE);
    await expectRefusal(a.readStatus({ robotCode: 'appA', processQueryKey: key }), QUOTA_CODE, 403);
  });

  it('leaves other corps alone', async () => {
    const b = await clientOf('appB', 'secretB');
    for (let i = 0; i < 3; i++) await sendOk(b, textTo('appB', ['erin']));
    await expectRefusal(b.send(textTo('appB', ['erin'])), QUOTA_CODE, 403);
  });

  it('still serves token calls, legacy ones included', async () => {
    const token = await dingo.oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey: 'appA', appSecret: 'secretA' }));
    expect(token.body?.accessToken).toBeTruthy();
    const legacy = await dingo.http('/gettoken?appkey=appA&appsecret=secretA');
    expect(legacy.status).toBe(200);
    expect(legacy.body).toMatchObject({ errcode: 0 });
    // The control plane is not counted either.
    expect((await dingo.http('/_dingo/inbox?corpId=corpA&userId=alice')).status).toBe(200);
  });

  it('still refuses at 23:59:59.999 on the last day of the month in UTC+8', async () => {
    moveClockTo(dingo, '2030-03-31T23:59:59.999+08:00');
    const a = await clientOf('appA', 'secretA');
    await expectRefusal(a.send(textTo('appA', ['alice'])), QUOTA_CODE, 403);
  });

  it('counts afresh just past midnight of the 1st in UTC+8 (still March in UTC), and refuses again after three calls', async () => {
    moveClockTo(dingo, '2030-04-01T00:00:00.001+08:00');
    expect(new Date(dingo.clock.now()).getUTCMonth()).toBe(2); // March in UTC
    const a = await clientOf('appA', 'secretA');
    const sent = await sendOk(a, textTo('appA', ['alice']));
    expect((await a.readStatus({ robotCode: 'appA', processQueryKey: sent.processQueryKey })).statusCode).toBe(200);
    expect((await a.recall({ robotCode: 'appA', processQueryKeys: [sent.processQueryKey] })).body?.successResult).toEqual([sent.processQueryKey]);
    await expectRefusedWithoutWrites(dingo, () => a.send(textTo('appA', ['alice'])), QUOTA_CODE);
  });
});

describe('QPS limit and monthly quota together (appQps: 1, monthlyQuota: 3)', () => {
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo({ appQps: 1, monthlyQuota: 3 }, undefined, frozenClock('2030-03-15T10:00:00+08:00'));
  });
  afterAll(() => dingo.close());

  it('does not count calls the QPS limit refused toward the month', async () => {
    const a = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
    await sendOk(a, textTo('appA', ['alice'])); // counted: 1
    await expectRefusal(a.send(textTo('appA', ['alice'])), QPS_CODE, 403); // not counted
    await expectRefusal(a.send(textTo('appA', ['alice'])), QPS_CODE, 403); // not counted
    dingo.clock.advance(1000);
    await sendOk(a, textTo('appA', ['alice'])); // 2
    dingo.clock.advance(1000);
    await sendOk(a, textTo('appA', ['alice'])); // 3
    dingo.clock.advance(1000);
    await expectRefusal(a.send(textTo('appA', ['alice'])), QUOTA_CODE, 403);
  });
});
