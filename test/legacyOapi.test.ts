import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import { WEB_ROOT } from '../src/http/webApp.js';
import { TEST_DIRECTORY } from './directory.js';
import { startTestDingo, type TestDingo } from './harness.js';

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const JSON_TYPE = 'application/json;charset=utf-8';
const USER_GET = '/topapi/v2/user/get';
const BY_MOBILE = '/topapi/v2/user/getbymobile';

/** A legacy call as a bot makes it: the token in the query, the parameters in a JSON body. */
function oapi(dingo: TestDingo, path: string, token: string | undefined, json: unknown = {}) {
  const query = token === undefined ? '' : `?access_token=${encodeURIComponent(token)}`;
  return dingo.http(`${path}${query}`, { method: 'POST', json });
}

/** An answer in the oapi form: HTTP 200, DingTalk's content type, `errcode`, `errmsg` and a request id. */
function expectLegacy(answer: { status: number; headers: Headers; body: any }, errcode: number, errmsg?: string) {
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe(JSON_TYPE);
  expect(answer.body).toMatchObject({ errcode, ...(errmsg === undefined ? {} : { errmsg }) });
  expect(answer.body.request_id).toMatch(REQUEST_ID);
  expect(answer.body).not.toHaveProperty('code');
}

describe('POST /topapi/v2/user/get and /topapi/v2/user/getbymobile', () => {
  let dingo: TestDingo;
  let tokenA: string;
  let tokenB: string;
  beforeAll(async () => {
    dingo = await startTestDingo();
    tokenA = await dingo.appToken('appA', 'secretA');
    tokenB = await dingo.appToken('appB', 'secretB');
  });
  afterAll(() => dingo.close());

  it("answers a user of the token's corp with the fields the directory has", async () => {
    const alice = await oapi(dingo, USER_GET, tokenA, { userid: 'alice', language: 'zh_CN' });
    expectLegacy(alice, 0, 'ok');
    expect(alice.body.result).toEqual({
      userid: 'alice',
      unionid: expect.stringMatching(/^[A-Za-z0-9]{24}$/),
      name: 'Alice',
      admin: true,
      boss: false,
      active: true,
      dept_id_list: [1],
      leader_in_dept: [{ dept_id: 1, leader: false }],
    });
    const carol = await oapi(dingo, USER_GET, tokenA, { userid: 'carol' });
    expect(carol.body.result).toMatchObject({ userid: 'carol', name: 'Carol', mobile: '13800000003', admin: false });
  });

  it('gives each user one stable unionid, another for the same userid in another corp', async () => {
    const again = await oapi(dingo, USER_GET, tokenA, { userid: 'alice' });
    const first = await oapi(dingo, USER_GET, tokenA, { userid: 'alice' });
    expect(again.body.result.unionid).toBe(first.body.result.unionid);
    const bob = await oapi(dingo, USER_GET, tokenA, { userid: 'bob' });
    const aliceOfB = await oapi(dingo, USER_GET, tokenB, { userid: 'alice' });
    expect(aliceOfB.body.result.name).toBe('Alice of B');
    expect(new Set([first.body.result.unionid, bob.body.result.unionid, aliceOfB.body.result.unionid]).size).toBe(3);
  });

  it('answers 60121 for an unknown user and for a user of another corp', async () => {
    expectLegacy(await oapi(dingo, USER_GET, tokenA, { userid: 'nobody' }), 60121, '找不到该用户');
    expectLegacy(await oapi(dingo, USER_GET, tokenB, { userid: 'bob' }), 60121, '找不到该用户');
    expect((await oapi(dingo, USER_GET, tokenB, { userid: 'bob' })).body).not.toHaveProperty('result');
  });

  it('finds the userid of a mobile number in the token corp only', async () => {
    const found = await oapi(dingo, BY_MOBILE, tokenA, { mobile: '13800000003' });
    expectLegacy(found, 0, 'ok');
    expect(found.body.result).toEqual({ userid: 'carol' });
    expectLegacy(await oapi(dingo, BY_MOBILE, tokenA, { mobile: '13900000000' }), 60121, '找不到该用户');
    expectLegacy(await oapi(dingo, BY_MOBILE, tokenB, { mobile: '13800000003' }), 60121, '找不到该用户');
  });

  it('answers 40035 for a missing or mistyped parameter and 47001 for a body that is not JSON', async () => {
    expectLegacy(await oapi(dingo, USER_GET, tokenA, {}), 40035);
    expectLegacy(await oapi(dingo, USER_GET, tokenA, { userid: '' }), 40035);
    expectLegacy(await oapi(dingo, USER_GET, tokenA, { userid: 42 }), 40035);
    expectLegacy(await oapi(dingo, BY_MOBILE, tokenA, { userid: 'carol' }), 40035);
    const broken = await dingo.http(`${USER_GET}?access_token=${tokenA}`, { method: 'POST', body: '{"userid":', headers: { 'content-type': 'application/json' } });
    expectLegacy(broken, 47001, '解析JSON/XML内容错误');
    expectLegacy(await oapi(dingo, USER_GET, tokenA, { userid: 'al\u0000ice' }), 40035);
  });

  it('takes the parameters as a form, as JSON without a content type, or in the query', async () => {
    const form = await dingo.http(`${USER_GET}?access_token=${tokenA}`, {
      method: 'POST',
      body: 'userid=carol&language=en_US',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.body.result.userid).toBe('carol');
    const untyped = await fetch(`${dingo.url}${BY_MOBILE}?access_token=${tokenA}`, { method: 'POST', body: Buffer.from('{"mobile":"13800000003"}') });
    expect(untyped.headers.get('content-type')).toBe(JSON_TYPE);
    expect(((await untyped.json()) as { result: unknown }).result).toEqual({ userid: 'carol' });
    const query = await dingo.http(`${USER_GET}?access_token=${tokenA}&userid=bob`, { method: 'POST' });
    expect(query.body.result.userid).toBe('bob');
  });

  it('answers 41001 without a token and 40014 for an unknown or expired one', async () => {
    expectLegacy(await oapi(dingo, USER_GET, undefined, { userid: 'alice' }), 41001, '缺少access_token参数');
    expectLegacy(await oapi(dingo, BY_MOBILE, '', { mobile: '13800000003' }), 41001, '缺少access_token参数');
    expectLegacy(await oapi(dingo, USER_GET, 'not-a-token', { userid: 'alice' }), 40014, '不合法的access_token');
    const clock = new OffsetClock();
    const later = await startTestDingo({}, TEST_DIRECTORY, clock);
    try {
      const expiring = await later.appToken('appA', 'secretA');
      expectLegacy(await oapi(later, USER_GET, expiring, { userid: 'alice' }), 0);
      clock.advance(7200_001);
      expectLegacy(await oapi(later, BY_MOBILE, expiring, { mobile: '13800000003' }), 40014, '不合法的access_token');
    } finally {
      await later.close();
    }
  });

  it("takes any app's token, a suite's for the corp it serves too, without a contact permission", async () => {
    const noPermission = await dingo.appToken('appNoPerm', 'secretNoPerm');
    expect((await oapi(dingo, USER_GET, noPermission, { userid: 'dave' })).body.result.name).toBe('Dave');
    const suite = await dingo.http('/v1.0/oauth2/corpAccessToken', {
      method: 'POST',
      json: { suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpA', suiteTicket: 'any' },
    });
    expect((await oapi(dingo, BY_MOBILE, suite.body.accessToken, { mobile: '13800000003' })).body.result).toEqual({ userid: 'carol' });
  });

  it('applies the platform limits (90018, 90020) and injected faults in the errcode form', async () => {
    const fixedTime = Date.parse('2026-03-01T00:00:00Z');
    const qps = await startTestDingo({ appQps: 1 }, TEST_DIRECTORY, new OffsetClock(() => fixedTime));
    const quota = await startTestDingo({ monthlyQuota: 1 });
    try {
      const qpsToken = await qps.appToken('appA', 'secretA');
      expectLegacy(await oapi(qps, USER_GET, qpsToken, { userid: 'alice' }), 0);
      expectLegacy(await oapi(qps, USER_GET, qpsToken, { userid: 'alice' }), 90018);
      // The QPS window is per API: the other user read still goes through.
      expectLegacy(await oapi(qps, BY_MOBILE, qpsToken, { mobile: '13800000003' }), 0);
      const quotaToken = await quota.appToken('appA', 'secretA');
      expectLegacy(await oapi(quota, BY_MOBILE, quotaToken, { mobile: '13800000003' }), 0);
      expectLegacy(await oapi(quota, USER_GET, quotaToken, { userid: 'alice' }), 90020);
    } finally {
      await Promise.all([qps.close(), quota.close()]);
    }
    const fault = await dingo.http('/_dingo/faults', { method: 'POST', json: { api: USER_GET, code: '60011' } });
    expect(fault.status).toBe(200);
    expectLegacy(await oapi(dingo, USER_GET, tokenA, { userid: 'alice' }), 60011);
    expectLegacy(await oapi(dingo, USER_GET, tokenA, { userid: 'alice' }), 0);
  });
});

describe('unknown paths', () => {
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo();
  });
  afterAll(() => dingo.close());

  it('answers an unknown topapi method with errcode 22 naming its ApiName', async () => {
    for (const method of ['GET', 'POST']) {
      const answer = await dingo.http('/topapi/v2/user/listall?access_token=x', { method, ...(method === 'POST' ? { json: {} } : {}) });
      expectLegacy(answer, 22, 'Invalid method[submsg=不合法ApiName，ApiName = dingtalk.oapi.v2.user.listall]');
      expect(answer.body.sub_msg).toBe('不合法ApiName，ApiName = dingtalk.oapi.v2.user.listall');
    }
  });

  it('answers any other unknown oapi path with errcode 404, with or without a token or body', async () => {
    for (const path of ['/user/get', '/department/list?access_token=x', '/message/corpconversation/asyncsend_v2', '/chat/create', '/nope', '/favicon.ico']) {
      expectLegacy(await dingo.http(path), 404, '请求的URI地址不存在');
      expectLegacy(await dingo.http(path, { method: 'POST', json: { any: 'thing' } }), 404, '请求的URI地址不存在');
    }
    expectLegacy(await dingo.http('/robot/nope', { method: 'PUT', body: 'not json', headers: { 'content-type': 'text/plain' } }), 404);
  });

  it('answers a known legacy route called with the wrong method with 43001 or 43002', async () => {
    expectLegacy(await dingo.http(USER_GET), 43002, '需要POST请求');
    expectLegacy(await dingo.http('/media/upload', { method: 'PUT' }), 43002, '需要POST请求');
    expectLegacy(await dingo.http('/gettoken?appkey=appA&appsecret=secretA', { method: 'POST', json: {} }), 43001, '需要GET请求');
  });

  it('keeps the /v1.0 envelope for the new API and for Dingo’s own paths', async () => {
    const paths = ['/v1.0/robot/nope', '/v2.0/contact/users/me', '/api/nope', '/_dingo/nope', '/assets/missing.js', '/docs/nope', '/files/nope'];
    for (const path of paths) {
      for (const method of ['GET', 'POST']) {
        const answer = await dingo.http(path, { method, ...(method === 'POST' ? { json: {} } : {}) });
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({ code: 'InvalidAction.NotFound', requestid: expect.stringMatching(REQUEST_ID) });
        expect(answer.body).not.toHaveProperty('errcode');
      }
    }
    // A web client path called with a method it does not take is not an oapi path either.
    expect((await dingo.http('/', { method: 'POST', json: {} })).body).toMatchObject({ code: 'InvalidAction.NotFound' });
    expect((await dingo.http('/console', { method: 'DELETE' })).body).toMatchObject({ code: 'InvalidAction.NotFound' });
  });

  it('serves the web client and its assets as before', async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) {
      throw new Error(`The web client is not built (${WEB_ROOT} has no index.html). Run \`npm run build\` (npm test does) first.`);
    }
    for (const path of ['/', '/console', '/console/messages', '/chats/one:appA']) {
      const page = await fetch(`${dingo.url}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    }
    const asset = readdirSync(join(WEB_ROOT, 'assets')).find((name) => name.endsWith('.js'));
    const script = await fetch(`${dingo.url}/assets/${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });
});
