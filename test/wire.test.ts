import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { RuntimeOptions } from '@alicloud/tea-util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import type { DatabaseLocation } from '../src/config.js';
import { newTestDatabase, robotSdk, sdkError, startTestDingo, type TestDingo } from './harness.js';

const JSON_TYPE = 'application/json;charset=utf-8';
const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const BATCH_SEND = '/v1.0/robot/oToMessages/batchSend';
const READ_STATUS = '/v1.0/robot/oToMessages/readStatus';
/** Every POST endpoint of the robot API (one-to-one and person-to-person). */
const ROBOT_POSTS = [
  BATCH_SEND,
  '/v1.0/robot/otoMessages/batchRecall',
  '/v1.0/robot/privateChatMessages/send',
  '/v1.0/robot/privateChatMessages/query',
  '/v1.0/robot/privateChatMessages/batchRecall',
];

const validSend = { robotCode: 'appA', userIds: ['alice'], msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'hello' }) };

type Answer = Awaited<ReturnType<TestDingo['http']>>;

/** Asserts a DingTalk error answer: status, code, the envelope and the content type. */
function expectError(answer: Answer, status: number, code: string, message?: string): void {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toBe(JSON_TYPE);
  expect(answer.body).toEqual(expect.objectContaining({ code, message: message ?? expect.any(String), requestid: expect.stringMatching(REQUEST_ID) }));
  expect(answer.body.message).not.toBe('');
  expect(JSON.stringify(answer.body)).not.toMatch(/FST_/);
}

/** What `userId` of corpA sees now, through the control plane. */
async function inboxOf(dingo: TestDingo, userId: string): Promise<unknown[]> {
  const answer = await dingo.http(`/_dingo/inbox?corpId=corpA&userId=${userId}`);
  expect(answer.status).toBe(200);
  return answer.body.messages as unknown[];
}

/** A clock that stands still unless advanced: "the same instant" is exact. */
const frozenClock = (at: number) => new OffsetClock(() => at);


/** One database for two nodes: the test PostgreSQL in the postgres project, else an SQLite file in `dir`. */
async function sharedDatabase(dir: string): Promise<DatabaseLocation> {
  const db = await newTestDatabase();
  return db.kind === 'postgres' ? db : { kind: 'sqlite', file: join(dir, 'shared.db') };
}

describe('authentication of robot calls', () => {
  let dingo: TestDingo;
  let token: string;
  beforeAll(async () => {
    dingo = await startTestDingo();
    token = await dingo.appToken('appA', 'secretA');
  });
  afterAll(() => dingo.close());

  it('answers a missing header with 400 AuthenticationFailed.MissingParameter', async () => {
    expectError(
      await dingo.http(BATCH_SEND, { method: 'POST', json: validSend }),
      400,
      'AuthenticationFailed.MissingParameter',
      '缺少参数：x-acs-dingtalk-access-token',
    );
    expectError(await dingo.http(`${READ_STATUS}?robotCode=appA&processQueryKey=k`), 400, 'AuthenticationFailed.MissingParameter');
    expectError(await dingo.http(BATCH_SEND, { method: 'POST', json: validSend, token: '' }), 400, 'AuthenticationFailed.MissingParameter');
  });

  it('answers an unknown token with 400 InvalidAuthentication', async () => {
    for (const bad of ['0123456789abcdef0123456789abcdef', token.toUpperCase(), `${token}x`, 'secretA']) {
      expectError(await dingo.http(BATCH_SEND, { method: 'POST', json: validSend, token: bad }), 400, 'InvalidAuthentication', '不合法的access_token');
    }
  });

  it('answers the same through the official SDK, which reads code, message and requestid', async () => {
    const error = await sdkError(
      dingo.robot.batchSendOTOWithOptions(
        new robotSdk.BatchSendOTORequest(validSend),
        new robotSdk.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: 'nope' }),
        new RuntimeOptions({}),
      ),
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'InvalidAuthentication' });
    expect(error.data.requestid).toMatch(REQUEST_ID);
    expect(error.message).toBe(`InvalidAuthentication: code: 400, 不合法的access_token request id: ${error.data.requestid}`);
  });

  it('answers an app without qyapi_robot_sendmsg with 403 and the required scope', async () => {
    const noPerm = await dingo.appToken('appNoPerm', 'secretNoPerm');
    const answer = await dingo.http(BATCH_SEND, { method: 'POST', json: { ...validSend, robotCode: 'appNoPerm' }, token: noPerm });
    expectError(answer, 403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied');
    expect(answer.body.accessdenieddetail).toEqual({ requiredScopes: ['qyapi_robot_sendmsg'] });
    expectError(await dingo.http(`${READ_STATUS}?robotCode=appNoPerm&processQueryKey=k`, { token: noPerm }), 403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied');
    expect(await inboxOf(dingo, 'alice')).toEqual([]);
  });

  it('checks the token before the body: a bad token with malformed JSON is an auth error', async () => {
    const malformed = { method: 'POST', body: '{"robotCode": ', headers: { 'content-type': 'application/json' } };
    expectError(await dingo.http(BATCH_SEND, { ...malformed, token: 'nope' }), 400, 'InvalidAuthentication');
    expectError(await dingo.http(BATCH_SEND, malformed), 400, 'AuthenticationFailed.MissingParameter');
    const huge = { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024), headers: { 'content-type': 'text/plain' } };
    expectError(await dingo.http(BATCH_SEND, { ...huge, token: 'nope' }), 400, 'InvalidAuthentication');
  });

  it('checks the permission before the body', async () => {
    const noPerm = await dingo.appToken('appNoPerm', 'secretNoPerm');
    const malformed = { method: 'POST', body: '[', headers: { 'content-type': 'application/json' }, token: noPerm };
    expectError(await dingo.http(BATCH_SEND, malformed), 403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied');
  });

  it('accepts the token endpoints without any token', async () => {
    const answer = await dingo.http('/v1.0/oauth2/accessToken', { method: 'POST', json: { appKey: 'appA', appSecret: 'secretA' } });
    expect(answer.status).toBe(200);
    expect(answer.body.accessToken).toBe(token);
  });
});

describe('bodies the endpoint cannot read', () => {
  let dingo: TestDingo;
  let token: string;
  beforeAll(async () => {
    dingo = await startTestDingo();
    token = await dingo.appToken('appA', 'secretA');
  });
  afterAll(() => dingo.close());

  const post = (body: RequestInit['body'], contentType?: string) =>
    dingo.http(BATCH_SEND, { method: 'POST', body, token, headers: contentType === undefined ? {} : { 'content-type': contentType } });

  it('answers malformed JSON with 400 invalidParameter.msgBody.invalid', async () => {
    for (const body of ['{"robotCode": "appA",', '{robotCode: "appA"}', "{'a': 1}", 'undefined', '{"a":1}}']) {
      expectError(await post(body, 'application/json'), 400, 'invalidParameter.msgBody.invalid', 'the request body is not valid JSON');
    }
  });

  it('answers an empty JSON body with 400 invalidParameter.msgBody.invalid', async () => {
    expectError(await post('', 'application/json'), 400, 'invalidParameter.msgBody.invalid', 'the request body is empty: it must be a JSON object');
  });

  it('answers a request without a body with 400 invalidParameter.param.invalid', async () => {
    expectError(await post(undefined), 400, 'invalidParameter.param.invalid', 'body must be object');
  });

  it('answers a JSON array, string, number or null with 400 invalidParameter.param.invalid', async () => {
    for (const body of ['[]', JSON.stringify([validSend]), '"appA"', '42', 'null', 'true']) {
      expectError(await post(body, 'application/json'), 400, 'invalidParameter.param.invalid', 'body must be object');
    }
  });

  it('answers fields of the wrong type with 400 invalidParameter.param.invalid, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...validSend, userIds: 'alice' }, 'body.userIds must be array'],
      [{ ...validSend, userIds: [42] }, 'body.userIds.0 must be string'],
      [{ ...validSend, robotCode: 42 }, 'body.robotCode must be string'],
      [{ ...validSend, msgKey: ['sampleText'] }, 'body.msgKey must be string'],
    ];
    for (const [body, message] of cases) {
      expectError(await dingo.http(BATCH_SEND, { method: 'POST', json: body, token }), 400, 'invalidParameter.param.invalid', message);
    }
  });

  it('answers a body that is not JSON with 400 invalidParameter.msgBody.invalid, never a 415', async () => {
    for (const type of ['text/plain', 'text/plain;charset=utf-8', 'application/x-www-form-urlencoded', 'application/octet-stream', 'multipart/form-data; boundary=x']) {
      expectError(await post(JSON.stringify(validSend), type), 400, 'invalidParameter.msgBody.invalid', 'the request body must be JSON (content-type: application/json)');
    }
  });

  it('answers a body over 1 MiB with 400 invalidParameter.param.invalid, never a 413', async () => {
    const big = JSON.stringify({ ...validSend, padding: 'x'.repeat(1024 * 1024) });
    expectError(await post(big, 'application/json'), 400, 'invalidParameter.param.invalid', 'the request body is larger than 1 MiB');

    // The same without a content-length: a chunked body that grows past the limit.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const chunked = await dingo.http(BATCH_SEND, {
      method: 'POST',
      body: stream,
      token,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit & { duplex: 'half'; token: string });
    expectError(chunked, 400, 'invalidParameter.param.invalid', 'the request body is larger than 1 MiB');
  });

  it('accepts a body of just under 1 MiB', async () => {
    const padding = 'x'.repeat(1024 * 1024 - JSON.stringify({ ...validSend, padding: '' }).length);
    const answer = await post(JSON.stringify({ ...validSend, padding }), 'application/json');
    expect(answer.status).toBe(200);
  });

  it('wrote nothing for any of the refused bodies', async () => {
    // Only the "just under 1 MiB" send above was delivered.
    expect(await inboxOf(dingo, 'alice')).toHaveLength(1);
  });

  it('ignores unknown body fields, on robot and token endpoints', async () => {
    const sent = await dingo.http(BATCH_SEND, { method: 'POST', json: { ...validSend, userIds: ['bob'], colour: 'blue', nested: { a: [1] } }, token });
    expect(sent.status).toBe(200);
    expect(Object.keys(sent.body).sort()).toEqual(['flowControlledStaffIdList', 'invalidStaffIdList', 'processQueryKey']);
    expect(await inboxOf(dingo, 'bob')).toEqual([expect.objectContaining({ msgKey: 'sampleText', msgParam: validSend.msgParam })]);
    const issued = await dingo.http('/v1.0/oauth2/accessToken', { method: 'POST', json: { appKey: 'appA', appSecret: 'secretA', extra: true } });
    expect(issued.status).toBe(200);
    expect(issued.body.accessToken).toBe(token);
  });
});

describe('paths, envelopes and content types', () => {
  let dingo: TestDingo;
  let token: string;
  beforeAll(async () => {
    dingo = await startTestDingo();
    token = await dingo.appToken('appA', 'secretA');
  });
  afterAll(() => dingo.close());

  it('answers an unknown path with 404 InvalidAction.NotFound, with or without a token', async () => {
    for (const path of ['/v1.0/robot/oToMessages/batchSendX', '/v1.0/robot/nope', '/v2.0/robot/oToMessages/batchSend', '/v1.0/oauth2/nope']) {
      expectError(await dingo.http(path, { method: 'POST', json: validSend, token }), 404, 'InvalidAction.NotFound');
      expectError(await dingo.http(path, { method: 'POST', json: validSend }), 404, 'InvalidAction.NotFound');
    }
    const answer = await dingo.http('/v1.0/robot/nope?x=1', { token });
    expect(answer.body.message).toBe('Specified api is not found, please check your url and method: GET /v1.0/robot/nope');
  });

  it('answers a wrong method with 404 InvalidAction.NotFound', async () => {
    expectError(await dingo.http(BATCH_SEND, { token }), 404, 'InvalidAction.NotFound');
    expectError(await dingo.http(BATCH_SEND, { method: 'PUT', json: validSend, token }), 404, 'InvalidAction.NotFound');
    expectError(await dingo.http(BATCH_SEND, { method: 'DELETE', token }), 404, 'InvalidAction.NotFound');
    expectError(await dingo.http(READ_STATUS, { method: 'POST', json: {}, token }), 404, 'InvalidAction.NotFound');
    expectError(await dingo.http('/v1.0/oauth2/accessToken', { method: 'GET' }), 404, 'InvalidAction.NotFound');
  });

  it('answers success with exactly application/json;charset=utf-8', async () => {
    const sent = await dingo.http(BATCH_SEND, { method: 'POST', json: validSend, token });
    expect(sent.status).toBe(200);
    expect(sent.headers.get('content-type')).toBe(JSON_TYPE);
    const status = await dingo.http(`${READ_STATUS}?robotCode=appA&processQueryKey=${encodeURIComponent(sent.body.processQueryKey)}`, { token });
    expect(status.status).toBe(200);
    expect(status.headers.get('content-type')).toBe(JSON_TYPE);
    const issued = await dingo.http('/v1.0/oauth2/accessToken', { method: 'POST', json: { appKey: 'appA', appSecret: 'secretA' } });
    expect(issued.headers.get('content-type')).toBe(JSON_TYPE);
    expect((await dingo.http('/v1.0/oauth2/corpAccessToken', { method: 'POST', json: {} })).headers.get('content-type')).toBe(JSON_TYPE);
  });

  it('gives every answer a fresh upper-case request id', async () => {
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => dingo.http(BATCH_SEND, { method: 'POST', json: validSend })),
      ...Array.from({ length: 10 }, () => dingo.http(BATCH_SEND, { method: 'POST', json: {}, token })),
      ...Array.from({ length: 10 }, () => dingo.http('/v1.0/nope')),
      ...Array.from({ length: 10 }, () => dingo.http('/v1.0/oauth2/accessToken', { method: 'POST', json: { appKey: 'x' } })),
    ]);
    const ids = answers.map((a) => a.body.requestid as string);
    for (const id of ids) expect(id).toMatch(REQUEST_ID);
    expect(new Set(ids).size).toBe(answers.length);
  });

  it('has no control plane without dev mode', async () => {
    const production = await startTestDingo({ dev: false });
    try {
      expectError(await production.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 1000 } }), 404, 'InvalidAction.NotFound');
      expectError(await production.http('/_dingo/inbox?corpId=corpA&userId=alice'), 404, 'InvalidAction.NotFound');
      expectError(await production.http('/_dingo/reset', { method: 'POST', json: {} }), 404, 'InvalidAction.NotFound');
      expectError(await production.http('/_dingo/read', { method: 'POST', json: {} }), 404, 'InvalidAction.NotFound');
    } finally {
      await production.close();
    }
    // …and one with it.
    const moved = await dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 1000 } });
    expect(moved.status).toBe(200);
    expect(moved.body.now).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('platform limit: calls per app per API per second', () => {
  let dingo: TestDingo;
  let tokenA: string;
  beforeAll(async () => {
    dingo = await startTestDingo({ appQps: 5 }, undefined, frozenClock(Date.UTC(2026, 0, 15, 4)));
    tokenA = await dingo.appToken('appA', 'secretA');
  });
  afterAll(() => dingo.close());

  const send = (token: string, body: unknown = validSend) => dingo.http(BATCH_SEND, { method: 'POST', json: body, token });

  it('refuses the 6th call of one app to one API in the same instant, and only that', async () => {
    for (let i = 1; i <= 5; i++) expect((await send(tokenA)).status, `call ${i}`).toBe(200);
    const refused = await send(tokenA);
    expectError(refused, 403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
    expect(await inboxOf(dingo, 'alice')).toHaveLength(5); // the refused call wrote nothing

    // Another API of the same app, and the same API of another app, are unaffected.
    const status = await dingo.http(`${READ_STATUS}?robotCode=appA&processQueryKey=unknown`, { token: tokenA });
    expectError(status, 400, 'invalid.processQueryKey');
    const tokenA2 = await dingo.appToken('appA2', 'secretA2');
    expect((await send(tokenA2, { ...validSend, robotCode: 'appA2' })).status).toBe(200);
    // Token requests are not limited.
    for (let i = 0; i < 10; i++) expect(await dingo.appToken('appA', 'secretA')).toBe(tokenA);
  });

  it('refuses before reading the body, and counts calls whatever their outcome', async () => {
    dingo.clock.advance(10_000);
    const malformed = { method: 'POST', body: '{', headers: { 'content-type': 'application/json' }, token: tokenA };
    for (let i = 1; i <= 5; i++) expectError(await dingo.http(BATCH_SEND, malformed), 400, 'invalidParameter.msgBody.invalid');
    expectError(await dingo.http(BATCH_SEND, malformed), 403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
    expectError(await send(tokenA), 403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
  });

  it('serves again once the rolling second has passed', async () => {
    dingo.clock.advance(10_000);
    for (let i = 1; i <= 5; i++) expect((await send(tokenA)).status).toBe(200);
    dingo.clock.advance(999);
    expectError(await send(tokenA), 403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
    dingo.clock.advance(1);
    expect((await send(tokenA)).status).toBe(200);
  });

  it('answers the SDK with the platform code', async () => {
    dingo.clock.advance(10_000);
    for (let i = 1; i <= 5; i++) expect((await send(tokenA)).status).toBe(200);
    const error = await sdkError(
      dingo.robot.batchSendOTOWithOptions(
        new robotSdk.BatchSendOTORequest(validSend),
        new robotSdk.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: tokenA }),
        new RuntimeOptions({}),
      ),
    );
    expect(error).toMatchObject({ statusCode: 403, code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' });
  });
});

describe('platform limit: calls per corp per calendar month', () => {
  // 15 January 2026, 12:00 in China (UTC+8). China's February starts at 31 January, 16:00 UTC.
  const start = Date.UTC(2026, 0, 15, 4);
  const februaryInChina = Date.UTC(2026, 0, 31, 16);
  let dingo: TestDingo;
  beforeAll(async () => {
    dingo = await startTestDingo({ monthlyQuota: 3 }, undefined, frozenClock(start));
  });
  afterAll(() => dingo.close());

  it('refuses the 4th robot call of a corp in the month; tokens, other corps and the next month are unaffected', async () => {
    const tokenA = await dingo.appToken('appA', 'secretA');
    const tokenA2 = await dingo.appToken('appA2', 'secretA2');
    const send = (token: string, body: unknown) => dingo.http(BATCH_SEND, { method: 'POST', json: body, token });

    expect((await send(tokenA, validSend)).status).toBe(200);
    // A refused call counts too: it passed authentication, permission and the QPS limit.
    expectError(await send(tokenA, { ...validSend, robotCode: '' }), 400, 'invalidParameter.robotCode.empty');
    // The quota is the corp's, whatever its app or API.
    expectError(await dingo.http(`${READ_STATUS}?robotCode=appA2&processQueryKey=k`, { token: tokenA2 }), 400, 'invalid.processQueryKey');

    const refused = await send(tokenA, validSend);
    expectError(refused, 403, 'Forbidden.AccessDenied.ApiCountLimitForOrg');
    expectError(await send(tokenA2, { ...validSend, robotCode: 'appA2' }), 403, 'Forbidden.AccessDenied.ApiCountLimitForOrg');
    expect(await inboxOf(dingo, 'alice')).toHaveLength(1);

    // Not counted: token endpoints, and calls refused before the limits.
    expect(await dingo.appToken('appA', 'secretA')).toBe(tokenA);
    expect((await dingo.http('/gettoken?appkey=appA&appsecret=secretA')).body.errcode).toBe(0);
    expectError(await send('nope', validSend), 400, 'InvalidAuthentication');

    // Permission is checked before the quota.
    const noPerm = await dingo.appToken('appNoPerm', 'secretNoPerm');
    expectError(await send(noPerm, { ...validSend, robotCode: 'appNoPerm' }), 403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied');

    // Another corp has its own quota.
    const tokenB = await dingo.appToken('appB', 'secretB');
    expect((await send(tokenB, { robotCode: 'appB', userIds: ['erin'], msgKey: 'sampleText', msgParam: validSend.msgParam })).status).toBe(200);

    // One minute before February in China: still January, still refused.
    dingo.clock.advance(februaryInChina - 60_000 - dingo.clock.now());
    const fresh = await dingo.appToken('appA', 'secretA'); // the old token has expired by now
    expectError(await send(fresh, validSend), 403, 'Forbidden.AccessDenied.ApiCountLimitForOrg');
    // February in China (still 31 January in UTC): served again.
    dingo.clock.advance(60_000);
    expect((await send(fresh, validSend)).status).toBe(200);
  });
});

describe('platform limits across two nodes on one store', () => {
  it('shares the monthly count of a corp between the nodes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dingo-quota-'));
    const db = await sharedDatabase(dir);
    const clock = frozenClock(Date.UTC(2026, 2, 10));
    const nodeA = await startTestDingo({ db, monthlyQuota: 3 }, undefined, clock);
    const nodeB = await startTestDingo({ db, monthlyQuota: 3 }, undefined, clock);
    try {
      const token = await nodeA.appToken('appA', 'secretA');
      const send = (node: TestDingo) => node.http(BATCH_SEND, { method: 'POST', json: validSend, token });
      expect((await send(nodeA)).status).toBe(200);
      expect((await send(nodeB)).status).toBe(200);
      expect((await send(nodeA)).status).toBe(200);
      expectError(await send(nodeB), 403, 'Forbidden.AccessDenied.ApiCountLimitForOrg');
      expectError(await send(nodeA), 403, 'Forbidden.AccessDenied.ApiCountLimitForOrg');
    } finally {
      await Promise.all([nodeA.close(), nodeB.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('both platform limits', () => {
  it('does not count a call refused by the QPS limit against the month', async () => {
    const dingo = await startTestDingo({ appQps: 1, monthlyQuota: 3 }, undefined, frozenClock(Date.UTC(2026, 5, 10)));
    try {
      const token = await dingo.appToken('appA', 'secretA');
      const send = () => dingo.http(BATCH_SEND, { method: 'POST', json: validSend, token });
      expect((await send()).status).toBe(200); // counted: 1
      expectError(await send(), 403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
      expectError(await send(), 403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
      dingo.clock.advance(1000);
      expect((await send()).status).toBe(200); // counted: 2
      dingo.clock.advance(1000);
      expect((await send()).status).toBe(200); // counted: 3
      dingo.clock.advance(1000);
      expectError(await send(), 403, 'Forbidden.AccessDenied.ApiCountLimitForOrg');
    } finally {
      await dingo.close();
    }
  });
});

describe('random bodies never produce a 5xx', () => {
  let dingo: TestDingo;
  let token: string;
  beforeAll(async () => {
    dingo = await startTestDingo({ flowLimit: 0 });
    token = await dingo.appToken('appA', 'secretA');
  });
  afterAll(() => dingo.close());

  /** Asserts an answer is a 2xx or a well-formed 4xx: never a 5xx. */
  function expectWellFormed(answer: Answer): void {
    expect(answer.status).toBeLessThan(500);
    expect(answer.headers.get('content-type')).toBe(JSON_TYPE);
    if (answer.status !== 200) {
      expect([400, 403, 404]).toContain(answer.status);
      expect(answer.body).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String), requestid: expect.stringMatching(REQUEST_ID) }));
      expect(answer.body.code).not.toMatch(/^FST_/);
    }
  }

  it('for any JSON value as the body of a robot POST endpoint (and writes nothing)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROBOT_POSTS), fc.jsonValue(), async (path, value) => {
        const answer = await dingo.http(path, { method: 'POST', body: JSON.stringify(value), token, headers: { 'content-type': 'application/json' } });
        expectWellFormed(answer);
        expect(answer.status).not.toBe(200);
      }),
      { numRuns: 100 },
    );
    for (const user of ['alice', 'bob', 'carol', 'dave']) expect(await inboxOf(dingo, user)).toEqual([]);
  });

  it('for any bytes under any content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROBOT_POSTS),
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'application/xml'),
        async (path, bytes, type) => {
          const answer = await dingo.http(path, { method: 'POST', body: bytes, token, headers: { 'content-type': type } });
          expectWellFormed(answer);
          expect(answer.status).not.toBe(200);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('for bodies shaped like a send, with any value in each field', async () => {
    const anything = fc.oneof(fc.jsonValue(), fc.string());
    const body = fc.record(
      {
        robotCode: fc.oneof(fc.constantFrom('appA', 'appA2', 'robotStopped', 'appB', 'suiteBot', ''), anything),
        userIds: fc.oneof(fc.array(fc.constantFrom('alice', 'bob', 'erin', 'nobody', ''), { maxLength: 25 }), anything),
        msgKey: fc.oneof(fc.constantFrom('sampleText', 'sampleMarkdown', 'sampleActionCard3', 'sampleAudio', 'nope', ''), anything),
        msgParam: fc.oneof(fc.dictionary(fc.constantFrom('content', 'title', 'text', 'duration', 'mediaId'), anything).map((o) => JSON.stringify(o)), anything),
        processQueryKeys: fc.oneof(fc.array(fc.string(), { maxLength: 25 }), anything),
        openConversationId: fc.oneof(fc.constantFrom('cidAliceBob==', 'cidErinAlice==', ''), anything),
        coolAppCode: fc.oneof(fc.constantFrom('COOL-A', 'COOL-B'), anything),
        maxResults: anything,
        nextToken: anything,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROBOT_POSTS), body, async (path, value) => {
        const answer = await dingo.http(path, { method: 'POST', json: value, token });
        expectWellFormed(answer);
      }),
      { numRuns: 100 },
    );
    // Still serving, and still consistent.
    expect((await dingo.http(BATCH_SEND, { method: 'POST', json: validSend, token })).status).toBe(200);
  });
});
