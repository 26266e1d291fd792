import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_ROBOT_SEED, CUSTOM_ROBOT_SECRET } from './customRobotSeed.js';
import { oauthSdk, sdkError, startTestDingo, type TestDingo } from './harness.js';

/** docs/behaviour.md, Guessing: 10 failures in 10 minutes are answered as usual; after 15 the subject is refused. */
const FREE_FAILURES = 10;
const LOCKING_FAILURES = 15;
const WINDOW_MS = 10 * 60_000;
const LOCKED = 'Forbidden.AccessDenied.TooManyFailedAttempts';

/** `count` attempts at once (each one fails). */
const times = (count: number, attempt: () => Promise<unknown>) => Promise.all(Array.from({ length: count }, attempt));

describe('guessing: failed attempts slowed, then refused for a while', () => {
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo({}, CUSTOM_ROBOT_SEED);
  });
  afterAll(() => dingo.close());

  /** Moves the clock through the control plane until the failures of now have left the window. */
  const waitOutTheWindow = async () => {
    expect((await dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: WINDOW_MS } })).status).toBe(200);
  };
  const appToken = (appKey: string, appSecret: string) => dingo.oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey, appSecret }));
  const wrongAppSecret = async (appKey: string) => {
    expect(await sdkError(appToken(appKey, 'wrong-secret'))).toMatchObject({ statusCode: 400, code: 'invalidClientIdOrSecret' });
  };

  it("appKey: a success does not erase the failures; after 15 wrong secrets even the right one is refused, other apps unaffected, until the window passes", async () => {
    await times(FREE_FAILURES, () => wrongAppSecret('appA'));
    expect((await appToken('appA', 'secretA')).statusCode).toBe(200);
    await times(LOCKING_FAILURES - FREE_FAILURES, () => wrongAppSecret('appA'));

    const refused = await sdkError(appToken('appA', 'secretA'));
    expect(refused).toMatchObject({ statusCode: 403, code: LOCKED });
    expect(refused.data).toMatchObject({ code: LOCKED, message: expect.any(String), requestid: expect.any(String) });
    const legacy = await dingo.http('/gettoken?appkey=appA&appsecret=secretA');
    expect(legacy.status).toBe(200);
    expect(legacy.body).toMatchObject({ errcode: 90004 });
    expect(legacy.body.access_token).toBeUndefined();
    expect((await appToken('appA2', 'secretA2')).statusCode).toBe(200);

    await waitOutTheWindow();
    expect((await appToken('appA', 'secretA')).body?.accessToken).toMatch(/^[0-9a-f]{32}$/);
  });

  it('appKey: the legacy /gettoken counts its wrong secrets with the /v1.0 endpoint’s; an unknown appKey is counted and refused alike', async () => {
    await times(LOCKING_FAILURES, async () => expect((await dingo.http('/gettoken?appkey=appNoPerm&appsecret=wrong')).body).toMatchObject({ errcode: 40096 }));
    expect(await sdkError(appToken('appNoPerm', 'secretNoPerm'))).toMatchObject({ statusCode: 403, code: LOCKED });

    await times(LOCKING_FAILURES, () => wrongAppSecret('nobody'));
    expect(await sdkError(appToken('nobody', 'anything'))).toMatchObject({ statusCode: 403, code: LOCKED });
    await waitOutTheWindow();
    await wrongAppSecret('nobody');
  });

  it('appKey: /_dingo/reset forgets the failures, so a bot team’s next test starts unlocked', async () => {
    await times(LOCKING_FAILURES, () => wrongAppSecret('appA2'));
    expect(await sdkError(appToken('appA2', 'secretA2'))).toMatchObject({ statusCode: 403, code: LOCKED });
    expect((await dingo.http('/_dingo/reset', { method: 'POST' })).status).toBe(200);
    expect((await appToken('appA2', 'secretA2')).body?.accessToken).toMatch(/^[0-9a-f]{32}$/);
  });

  it('suiteKey: after 15 wrong suite secrets the right one is refused until the window passes', async () => {
    const corpToken = (suiteSecret: string) =>
      dingo.oauth.getCorpAccessToken(new oauthSdk.GetCorpAccessTokenRequest({ suiteKey: 'suiteS', suiteSecret, authCorpId: 'corpA', suiteTicket: 'any' }));
    await times(LOCKING_FAILURES, async () => expect(await sdkError(corpToken('wrong'))).toMatchObject({ statusCode: 400, code: 'invalidSuiteKey' }));
    expect(await sdkError(corpToken('suiteSecret'))).toMatchObject({ statusCode: 403, code: LOCKED });
    expect((await appToken('appA2', 'secretA2')).statusCode).toBe(200);
    await waitOutTheWindow();
    expect((await corpToken('suiteSecret')).statusCode).toBe(200);
  });

  it('sign-in: after 15 wrong passwords the right one is refused, other users unaffected, until the window passes', async () => {
    const signIn = (userId: string, password: string) => dingo.http('/api/session', { method: 'POST', json: { corpId: 'corpA', userId, password } });
    await times(LOCKING_FAILURES, async () => expect((await signIn('alice', 'wrong')).body).toMatchObject({ code: 'invalidCredentials' }));
    const refused = await signIn('alice', 'alice-pw');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: LOCKED });
    expect((await signIn('bob', 'bob-pw')).status).toBe(200);
    await waitOutTheWindow();
    expect((await signIn('alice', 'alice-pw')).status).toBe(200);
  });

  it('custom robot: after 15 wrong signs the right one is refused, other robots unaffected, until the window passes', async () => {
    const post = (token: string, query: string, content = 'build done') =>
      dingo.http(`/robot/send?access_token=${token}${query}`, { method: 'POST', json: { msgtype: 'text', text: { content } } });
    const signed = () => {
      const timestamp = dingo.clock.now();
      const sign = createHmac('sha256', CUSTOM_ROBOT_SECRET).update(`${timestamp}\n${CUSTOM_ROBOT_SECRET}`).digest('base64');
      return `&timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
    };
    await times(LOCKING_FAILURES, async () => expect((await post('tok-signed', `&timestamp=${dingo.clock.now()}&sign=wrong`)).body).toMatchObject({ errcode: 310000 }));
    expect((await post('tok-signed', signed())).body).toMatchObject({ errcode: 90004 });
    expect((await post('tok-keyword', '')).body).toMatchObject({ errcode: 0 });
    await waitOutTheWindow();
    expect((await post('tok-signed', signed())).body).toMatchObject({ errcode: 0 });
  });

  it('custom robot: wrong keywords count too', async () => {
    const post = (content: string) => dingo.http('/robot/send?access_token=tok-keyword', { method: 'POST', json: { msgtype: 'text', text: { content } } });
    await times(LOCKING_FAILURES, async () => expect((await post('hello')).body).toMatchObject({ errcode: 310000 }));
    expect((await post('deploy done')).body).toMatchObject({ errcode: 90004 });
  });
});

describe('sign-in answers an unknown user and a wrong password alike', () => {
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo();
  });
  afterAll(() => dingo.close());

  /** The status and body of a sign-in, without its request id. */
  const answerOf = async (corpId: string, userId: string, password: string) => {
    const { status, body } = await dingo.http('/api/session', { method: 'POST', json: { corpId, userId, password } });
    const { requestid, ...rest } = body;
    expect(requestid).toEqual(expect.any(String));
    return { status, body: rest };
  };

  it('gives the same status and body for a wrong password, an unknown user, a user without a password and an unknown corp', async () => {
    const wrongPassword = await answerOf('corpA', 'alice', 'nope');
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.code).toBe('invalidCredentials');
    expect(await answerOf('corpA', 'zed', 'nope')).toEqual(wrongPassword);
    expect(await answerOf('corpA', 'carol', 'nope')).toEqual(wrongPassword);
    expect(await answerOf('corpX', 'alice', 'nope')).toEqual(wrongPassword);
  });

  it('counts the failures of an unknown user like a known one’s: locked alike', async () => {
    for (const userId of ['alice', 'zed']) {
      await times(LOCKING_FAILURES, () => answerOf('corpA', userId, 'nope'));
    }
    const lockedKnown = await answerOf('corpA', 'alice', 'alice-pw');
    expect(lockedKnown.status).toBe(403);
    expect(lockedKnown.body.code).toBe(LOCKED);
    expect(await answerOf('corpA', 'zed', 'alice-pw')).toEqual(lockedKnown);
  });
});
