import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeOptions } from '@alicloud/tea-util';
import { OffsetClock } from '../src/clock.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCli } from './cliProcess.js';
import { TEST_DIRECTORY } from './directory.js';
import { newTestDatabase, oauthSdk, robotSdk, sdkError, sharedDatabase, startTestDingo, type TestDingo } from './harness.js';

const TOKEN = /^[0-9a-f]{32}$/;
const SECONDS = 1000;

/** The SDK's request for a token of the suite `suiteS` in `authCorpId`. */
const corpTokenRequest = (fields: { suiteKey?: string; suiteSecret?: string; authCorpId?: string }) =>
  new oauthSdk.GetCorpAccessTokenRequest({ suiteTicket: 'any-ticket', ...fields });

/** A robot call through the official SDK: appA's robot sends a text to alice. */
function sendAsRobot(dingo: TestDingo, token: string, robotCode = 'appA') {
  return dingo.robot.batchSendOTOWithOptions(
    new robotSdk.BatchSendOTORequest({ robotCode, userIds: ['alice'], msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'token check' }) }),
    new robotSdk.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: token }),
    new RuntimeOptions({}),
  );
}

/** Asserts that `token` is accepted on a robot endpoint. */
async function expectAccepted(dingo: TestDingo, token: string, robotCode = 'appA'): Promise<void> {
  const response = await sendAsRobot(dingo, token, robotCode);
  expect(response.statusCode).toBe(200);
  expect(response.body?.processQueryKey).toEqual(expect.any(String));
}

/** Asserts that `token` is refused as unknown or expired. */
async function expectRefused(dingo: TestDingo, token: string): Promise<void> {
  const error = await sdkError(sendAsRobot(dingo, token));
  expect(error).toMatchObject({ statusCode: 400, code: 'InvalidAuthentication' });
  expect(error.data).toMatchObject({ code: 'InvalidAuthentication', message: '不合法的access_token' });
}


describe('internal app tokens through the official SDK', () => {
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo();
  });
  afterAll(() => dingo.close());

  it('issues an internal app token valid for 7200 s, usable on a robot endpoint', async () => {
    const response = await dingo.oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey: 'appA', appSecret: 'secretA' }));
    expect(response.statusCode).toBe(200);
    expect(response.body?.toMap()).toEqual({ accessToken: expect.stringMatching(TOKEN), expireIn: 7200 });
    await expectAccepted(dingo, response.body?.accessToken as string);
  });

  it('answers exactly {accessToken, expireIn} with the JSON content type', async () => {
    const response = await dingo.http('/v1.0/oauth2/accessToken', { method: 'POST', json: { appKey: 'appA', appSecret: 'secretA' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(Object.keys(response.body).sort()).toEqual(['accessToken', 'expireIn']);
  });

  it('refuses a wrong secret with invalidClientIdOrSecret', async () => {
    const error = await sdkError(dingo.oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey: 'appA', appSecret: 'nope' })));
    expect(error).toMatchObject({ code: 'invalidClientIdOrSecret', statusCode: 400 });
    expect(error.data).toMatchObject({ code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', requestid: expect.any(String) });
  });

  it("refuses another app's secret, an unknown appKey and a suite key with invalidClientIdOrSecret", async () => {
    for (const [appKey, appSecret] of [
      ['appA', 'secretA2'],
      ['nobody', 'secretA'],
      ['suiteS', 'suiteSecret'],
      ['APPA', 'secretA'],
    ]) {
      const error = await sdkError(dingo.oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey, appSecret })));
      expect(error, `${appKey}/${appSecret}`).toMatchObject({ code: 'invalidClientIdOrSecret', statusCode: 400 });
    }
  });

  it('refuses missing or empty fields with invalidClientIdOrSecret', async () => {
    for (const fields of [{ appKey: 'appA' }, { appSecret: 'secretA' }, {}, { appKey: '', appSecret: '' }]) {
      const error = await sdkError(dingo.oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest(fields)));
      expect(error, JSON.stringify(fields)).toMatchObject({ code: 'invalidClientIdOrSecret', statusCode: 400 });
    }
  });

  it('returns the same token while it is valid', async () => {
    const first = await dingo.appToken('appA2', 'secretA2');
    const second = await dingo.appToken('appA2', 'secretA2');
    expect(second).toBe(first);
  });

  it('hands out 32 lower-case hex characters, different for each app', async () => {
    const tokens = [
      await dingo.appToken('appA', 'secretA'),
      await dingo.appToken('appA2', 'secretA2'),
      await dingo.appToken('appNoPerm', 'secretNoPerm'),
      await dingo.appToken('appB', 'secretB'),
      (await dingo.oauth.getCorpAccessToken(corpTokenRequest({ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpA' })))
        .body?.accessToken as string,
    ];
    for (const token of tokens) expect(token).toMatch(TOKEN);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it("binds a token to its app's corp: appB's token cannot use corpA's robot", async () => {
    const token = await dingo.appToken('appB', 'secretB');
    await expectAccepted(dingo, token, 'appB');
    const error = await sdkError(sendAsRobot(dingo, token, 'appA'));
    expect(error).toMatchObject({ statusCode: 400, code: 'invalidParameter.robotCode.notExsit' });
  });
});

describe('suite (third-party app) tokens through the official SDK', () => {
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo();
  });
  afterAll(() => dingo.close());

  it('issues a corp token for suiteS in the authorising corpA, usable with the suite robot', async () => {
    const response = await dingo.oauth.getCorpAccessToken(corpTokenRequest({ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpA' }));
    expect(response.statusCode).toBe(200);
    expect(response.body?.toMap()).toEqual({ accessToken: expect.stringMatching(TOKEN), expireIn: 7200 });
    const token = response.body?.accessToken as string;
    await expectAccepted(dingo, token, 'suiteBot');
    // The same suite asking again gets the same token.
    const again = await dingo.oauth.getCorpAccessToken(corpTokenRequest({ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpA' }));
    expect(again.body?.accessToken).toBe(token);
  });

  it("does not let an internal app's token use the suite robot", async () => {
    const token = await dingo.appToken('appA', 'secretA');
    const error = await sdkError(sendAsRobot(dingo, token, 'suiteBot'));
    expect(error).toMatchObject({ statusCode: 400, code: 'invalidParameter.robotCode.notExsit' });
  });

  it('refuses a wrong suite secret or an unknown suite with invalidSuiteKey', async () => {
    for (const fields of [
      { suiteKey: 'suiteS', suiteSecret: 'wrong', authCorpId: 'corpA' },
      { suiteKey: 'noSuite', suiteSecret: 'suiteSecret', authCorpId: 'corpA' },
      { suiteKey: 'appA', suiteSecret: 'secretA', authCorpId: 'corpA' }, // an internal app is not a suite
      { suiteSecret: 'suiteSecret', authCorpId: 'corpA' },
      { suiteKey: 'suiteS', authCorpId: 'corpA' },
    ]) {
      const error = await sdkError(dingo.oauth.getCorpAccessToken(corpTokenRequest(fields)));
      expect(error, JSON.stringify(fields)).toMatchObject({ statusCode: 400, code: 'invalidSuiteKey' });
      expect(error.data).toMatchObject({ code: 'invalidSuiteKey', message: '无效的suiteKey或者suiteSecret', requestid: expect.any(String) });
    }
  });

  it('refuses a corp that did not authorise the suite with invalidAuthCorpId', async () => {
    for (const authCorpId of ['corpB', 'noCorp', undefined]) {
      const error = await sdkError(dingo.oauth.getCorpAccessToken(corpTokenRequest({ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId })));
      expect(error, String(authCorpId)).toMatchObject({ statusCode: 400, code: 'invalidAuthCorpId' });
      expect(error.data).toMatchObject({ code: 'invalidAuthCorpId', message: '企业未授权该应用' });
    }
  });
});

describe('the legacy GET /gettoken', () => {
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo();
  });
  afterAll(() => dingo.close());

  it('answers {errcode: 0, errmsg: "ok", access_token, expires_in: 7200}', async () => {
    const response = await dingo.http('/gettoken?appkey=appA&appsecret=secretA');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(response.body).toEqual({ errcode: 0, errmsg: 'ok', access_token: expect.stringMatching(TOKEN), expires_in: 7200 });
  });

  it('hands out the same token as POST /v1.0/oauth2/accessToken, both ways round', async () => {
    const legacy = (await dingo.http('/gettoken?appkey=appA2&appsecret=secretA2')).body.access_token as string;
    expect(await dingo.appToken('appA2', 'secretA2')).toBe(legacy);
    const fresh = await dingo.appToken('appB', 'secretB');
    expect((await dingo.http('/gettoken?appkey=appB&appsecret=secretB')).body.access_token).toBe(fresh);
  });

  it('answers a bad secret, an unknown app or missing parameters with 200 {errcode: 40096}', async () => {
    for (const query of ['appkey=appA&appsecret=nope', 'appkey=nobody&appsecret=secretA', 'appkey=appA', '']) {
      const response = await dingo.http(`/gettoken?${query}`);
      expect(response.status, query).toBe(200);
      expect(response.body, query).toEqual({ errcode: 40096, errmsg: '不合法的appKey或appSecret' });
    }
  });

  it('gives a token that works on a /v1.0 robot endpoint', async () => {
    const legacy = (await dingo.http('/gettoken?appkey=appA&appsecret=secretA')).body.access_token as string;
    await expectAccepted(dingo, legacy);
  });
});

describe('token lifetime on the injected clock', () => {
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo();
  });
  afterAll(() => dingo.close());

  it('extends a live token when it is asked for again', async () => {
    const token = await dingo.appToken('appA', 'secretA');
    dingo.clock.advance(7000 * SECONDS);
    const again = await dingo.oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey: 'appA', appSecret: 'secretA' }));
    expect(again.body?.toMap()).toEqual({ accessToken: token, expireIn: 7200 });
    dingo.clock.advance(7000 * SECONDS);
    // 14000 s after it was issued, but 7000 s after it was extended: still valid.
    await expectAccepted(dingo, token);
  });

  it('expires a token 7200 s after it was last issued, then issues a different one', async () => {
    const token = await dingo.appToken('appA2', 'secretA2');
    await expectAccepted(dingo, token, 'appA2');
    dingo.clock.advance(7199 * SECONDS);
    await expectAccepted(dingo, token, 'appA2');
    dingo.clock.advance(1 * SECONDS);
    await expectRefused(dingo, token);

    const next = await dingo.appToken('appA2', 'secretA2');
    expect(next).toMatch(TOKEN);
    expect(next).not.toBe(token);
    await expectAccepted(dingo, next, 'appA2');
    await expectRefused(dingo, token);
  });

  it('expires legacy and suite tokens on the same clock', async () => {
    const legacy = (await dingo.http('/gettoken?appkey=appB&appsecret=secretB')).body.access_token as string;
    const request = corpTokenRequest({ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpA' });
    const suite = (await dingo.oauth.getCorpAccessToken(request)).body?.accessToken as string;
    dingo.clock.advance(7201 * SECONDS);
    await expectRefused(dingo, legacy);
    await expectRefused(dingo, suite);
    const newSuite = (await dingo.oauth.getCorpAccessToken(request)).body?.accessToken as string;
    expect(newSuite).not.toBe(suite);
    await expectAccepted(dingo, newSuite, 'suiteBot');
  });

  it('moves with the control plane clock too', async () => {
    const token = await dingo.appToken('appA', 'secretA');
    const before = dingo.clock.now();
    const moved = await dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 7200 * SECONDS } });
    expect(moved.status).toBe(200);
    expect(new Date(moved.body.now).getTime()).toBeGreaterThanOrEqual(before + 7200 * SECONDS);
    await expectRefused(dingo, token);
  });
});

describe('tokens across two nodes on one store', () => {
  let dir: string;
  let nodeA: TestDingo;
  let nodeB: TestDingo;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dingo-nodes-'));
    const db = await sharedDatabase(dir);
    const clock = new OffsetClock();
    nodeA = await startTestDingo({ db }, undefined, clock);
    nodeB = await startTestDingo({ db }, undefined, clock);
  });
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts on one node a token issued by the other, and hands out the same one', async () => {
    const token = await nodeA.appToken('appA', 'secretA');
    await expectAccepted(nodeB, token);
    expect(await nodeB.appToken('appA', 'secretA')).toBe(token);
    expect((await nodeB.http('/gettoken?appkey=appA&appsecret=secretA')).body.access_token).toBe(token);
  });

  it('sees on one node the extension made through the other', async () => {
    const token = await nodeA.appToken('appA2', 'secretA2');
    nodeA.clock.advance(7000 * SECONDS);
    expect(await nodeB.appToken('appA2', 'secretA2')).toBe(token);
    nodeA.clock.advance(7000 * SECONDS);
    await expectAccepted(nodeA, token, 'appA2');
    nodeA.clock.advance(7200 * SECONDS);
    await expectRefused(nodeA, token);
    await expectRefused(nodeB, token);
  });
});

// Spawns `dingo serve` (Node with tsx): room to start on a busy machine.
describe('secrets in the logs', { timeout: 90_000 }, () => {
  it('never logs a token, an app secret or a suite secret, even at log level trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dingo-logs-'));
    const seed = structuredClone(TEST_DIRECTORY);
    seed.corps[0]!.apps![0]!.appSecret = 'S3CRET-of-appA';
    seed.suites![0]!.suiteSecret = 'S3CRET-of-suiteS';
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const dingo = await serveCli(['--port', '0', '--db', 'sqlite::memory:', '--seed', seedFile, '--log-level', 'trace']);
    try {
      const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${dingo.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const issued = (await (await post('/v1.0/oauth2/accessToken', { appKey: 'appA', appSecret: 'S3CRET-of-appA' })).json()) as { accessToken: string };
      const legacy = (await (await fetch(`${dingo.url}/gettoken?appkey=appA&appsecret=S3CRET-of-appA`)).json()) as { access_token: string };
      expect(legacy.access_token).toBe(issued.accessToken);
      const suite = (await (
        await post('/v1.0/oauth2/corpAccessToken', { suiteKey: 'suiteS', suiteSecret: 'S3CRET-of-suiteS', authCorpId: 'corpA', suiteTicket: 't' })
      ).json()) as { accessToken: string };
      await fetch(`${dingo.url}/gettoken?appkey=appA&appsecret=wrong-S3CRET`);
      await fetch(`${dingo.url}/v1.0/robot/oToMessages/readStatus?robotCode=appA&processQueryKey=k&access_token=${issued.accessToken}`);
      const sent = await post('/v1.0/robot/oToMessages/batchSend', { robotCode: 'appA', userIds: ['alice'], msgKey: 'sampleText', msgParam: '{"content":"x"}' }, {
        'x-acs-dingtalk-access-token': issued.accessToken,
      });
      expect(sent.status).toBe(200);
      await post('/v1.0/robot/oToMessages/batchSend', {}, { 'x-acs-dingtalk-access-token': suite.accessToken });
      await post('/v1.0/robot/oToMessages/batchSend', {}, { 'x-acs-dingtalk-access-token': 'unknown-token-value' });

      expect(await dingo.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      const { stdout, stderr } = dingo.output();
      const logs = `${stdout}${stderr}`;
      // The requests were logged…
      expect(logs).toContain('"url":"/gettoken?appkey=appA&appsecret=[redacted]"');
      expect(logs).toContain('/v1.0/robot/oToMessages/batchSend');
      // …without any secret.
      for (const secret of ['S3CRET', issued.accessToken, suite.accessToken, 'unknown-token-value']) expect(logs).not.toContain(secret);
    } finally {
      await dingo.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
