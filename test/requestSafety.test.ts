import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestDingo, type TestDingo } from './harness.js';
import { rawRequest } from './rawHttp.js';

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

describe('requests no endpoint expects', () => {
  let dingo: TestDingo;
  let token: string;
  beforeAll(async () => {
    dingo = await startTestDingo();
  });
  afterAll(() => dingo.close());
  beforeEach(async () => {
    token = await dingo.appToken('appA', 'secretA');
  });

  it('refuses a NUL character anywhere with a 400, never a 500, and writes nothing', async () => {
    const cases = [
      dingo.http('/v1.0/oauth2/accessToken', { method: 'POST', json: { appKey: 'appA\u0000', appSecret: 'x' } }),
      dingo.http('/v1.0/robot/oToMessages/batchSend', {
        method: 'POST',
        token,
        json: { robotCode: 'appA', userIds: ['bob\u0000'], msgKey: 'sampleText', msgParam: '{"content":"x\u0000"}' },
      }),
      dingo.http('/v1.0/robot/oToMessages/readStatus?robotCode=appA&processQueryKey=a%00b', { token }),
      dingo.http('/api/session', { method: 'POST', json: { corpId: 'corpA\u0000', userId: 'alice', password: 'x' } }),
    ];
    for (const response of await Promise.all(cases)) {
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalidParameter.param.invalid', requestid: expect.stringMatching(UUID) });
    }
    // A legacy endpoint refuses it in its own form.
    const legacy = await dingo.http('/gettoken?appkey=a%00&appsecret=x');
    expect(legacy.status).toBe(200);
    expect(legacy.body).toMatchObject({ errcode: 40035, errmsg: expect.stringMatching(/^不合法的参数: /) });
    expect((await dingo.http('/_dingo/inbox?corpId=corpA&userId=bob')).body.messages).toEqual([]);
    // A session cookie naming a corp with a NUL is no session at all.
    const cookie = `dingo_session=${Buffer.from('corp\u0000A').toString('base64url')}.x`;
    expect((await dingo.http('/api/session', { headers: { cookie } })).body.user).toBeNull();
  });

  it('answers a URL that cannot be decoded in the wire envelope', async () => {
    const response = await dingo.http('/v1.0/robot/oToMessages/readStatus/%ff%fe', { token });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(response.body).toMatchObject({ code: 'invalidParameter.param.invalid', requestid: expect.stringMatching(UUID) });
    expect(JSON.stringify(response.body)).not.toContain('FST_');
  });

  it('answers a request HTTP cannot parse in the wire envelope, then closes', async () => {
    const answer = await rawRequest(dingo, 'GET /healthz HTTP/1.1\r\nHost: x\r\nx-acs-dingtalk-access-token: a\u0001b\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('content-type: application/json;charset=utf-8');
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ code: 'invalidParameter.param.invalid', message: expect.any(String), requestid: expect.stringMatching(UUID) });
  });

  it('reports every recall key, "__proto__" included', async () => {
    const response = await dingo.http('/v1.0/robot/otoMessages/batchRecall', {
      method: 'POST',
      token,
      json: { robotCode: 'appA', processQueryKeys: ['__proto__', 'toString', 'constructor'] },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      successResult: [],
      failedResult: { ['__proto__']: 'invalid.processQueryKey', toString: 'invalid.processQueryKey', constructor: 'invalid.processQueryKey' },
    });
    expect(Object.keys(response.body.failedResult)).toEqual(['__proto__', 'toString', 'constructor']);
  });

  it('refuses writes a browser sends for another site, on the web API and the control plane, and changes nothing', async () => {
    const sent = await dingo.http('/v1.0/robot/oToMessages/batchSend', {
      method: 'POST',
      token,
      json: { robotCode: 'appA', userIds: ['bob'], msgKey: 'sampleText', msgParam: '{"content":"keep me"}' },
    });
    expect(sent.status).toBe(200);
    const crossSite = await dingo.http('/_dingo/reset', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.code).toBe('Forbidden.AccessDenied');
    const foreignOrigin = await dingo.http('/api/session/dev', {
      method: 'POST',
      json: { corpId: 'corpA', userId: 'alice' },
      headers: { origin: 'https://evil.example' },
    });
    expect(foreignOrigin.status).toBe(403);
    expect(foreignOrigin.headers.get('set-cookie')).toBeNull();
    expect((await dingo.http('/_dingo/inbox?corpId=corpA&userId=bob')).body.messages).toHaveLength(1);
    // The same requests from the page's own origin, or from a test suite (no browser headers), go through.
    const sameOrigin = await dingo.http('/api/session/dev', {
      method: 'POST',
      json: { corpId: 'corpA', userId: 'alice' },
      headers: { origin: dingo.url, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.status).toBe(200);
    expect((await dingo.http('/_dingo/reset', { method: 'POST' })).status).toBe(200);
  });

  it('marks the session cookie Secure behind a TLS-terminating proxy', async () => {
    const response = await fetch(`${dingo.url}/api/session/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ corpId: 'corpA', userId: 'bob' }),
    });
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/i);
  });

  it('counts robot API calls per route in /metrics', async () => {
    await dingo.http('/v1.0/robot/oToMessages/readStatus?robotCode=appA&processQueryKey=nope', { token });
    const metrics = (await dingo.http('/metrics')).body as string;
    expect(metrics).toMatch(/dingo_http_requests_total\{method="GET",route="\/v1\.0\/robot\/oToMessages\/readStatus",status="400"\} [1-9]/);
  });
});
