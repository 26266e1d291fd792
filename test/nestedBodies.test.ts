import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_ROBOT_SEED } from './customRobotSeed.js';
import type { TestDingo } from './harness.js';
import { startLoggedDingo } from './loggedDingo.js';

/** `{"a":[[[…]]]}` with `depth` arrays inside the object. */
function nestedBody(depth: number, inner = ''): string {
  return `{"a":${'['.repeat(depth)}${inner}${']'.repeat(depth)}}`;
}

describe('deeply nested JSON bodies', () => {
  let dingo: TestDingo;
  let log: () => string;
  beforeAll(async () => {
    ({ dingo, log } = await startLoggedDingo({ logLevel: 'info' }, CUSTOM_ROBOT_SEED));
  });
  afterAll(() => dingo.close());

  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const answer = await fetch(`${dingo.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: answer.status, body: await answer.json() };
  };

  it.each([5_000, 100_000])('answers depth %i with 400 invalidParameter.param.invalid (legacy: 40035), writes no error line, and keeps serving', async (depth) => {
    const body = nestedBody(depth);
    const token = await dingo.appToken('appA', 'secretA');
    for (const [path, headers] of [
      ['/v1.0/oauth2/accessToken', {}],
      ['/v1.0/robot/oToMessages/batchSend', { 'x-acs-dingtalk-access-token': token }],
      ['/api/session', {}],
      ['/_dingo/say', {}],
    ] as const) {
      const answer = await post(path, body, headers);
      expect({ path, ...answer }).toEqual({
        path,
        status: 400,
        body: { code: 'invalidParameter.param.invalid', message: 'the request body is nested deeper than 64 levels', requestid: expect.any(String) },
      });
    }
    for (const path of ['/topapi/v2/user/get', '/robot/send?access_token=tok-open']) {
      const answer = await post(path, body);
      expect({ path, status: answer.status, errcode: answer.body.errcode }).toEqual({ path, status: 200, errcode: 40035 });
    }
    expect(log()).not.toMatch(/"level":(50|60)/);
    expect(log()).not.toContain('Maximum call stack');
    expect((await dingo.http('/healthz')).status).toBe(200);
  });

  it('answers a nested body whose depths hide a prototype key with a 400 too: the JSON parser checks it without recursion', async () => {
    const answer = await post('/v1.0/oauth2/accessToken', nestedBody(100_000, '{"constructor":{"prototype":{"polluted":true}}}'));
    expect(answer.status).toBe(400);
    expect(answer.body.code).toMatch(/^invalidParameter\./);
    expect(log()).not.toMatch(/"level":(50|60)/);
  });

  it('still takes a body nested as deep as 64 levels', async () => {
    const answer = await post('/v1.0/oauth2/accessToken', `{"appKey":"appA","appSecret":"secretA","a":${'['.repeat(63)}${']'.repeat(63)}}`);
    expect(answer.status).toBe(200);
    expect(answer.body.accessToken).toEqual(expect.any(String));
  });
});
