import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDingo, type TestDingo } from './harness.js';
import { call } from './webClientSession.js';

/** Who reaches the console (docs/behaviour.md, Web client and console): anyone in dev mode, a corp's admins otherwise. */

let dev: TestDingo;
let production: TestDingo;

beforeAll(async () => {
  [dev, production] = await Promise.all([startTestDingo(), startTestDingo({ dev: false })]);
});
afterAll(async () => {
  await Promise.all([dev.close(), production.close()]);
});

/** Signs in with a password, as without dev mode; the session cookie. */
async function signIn(dingo: TestDingo, corpId: string, userId: string, password: string): Promise<string> {
  const response = await fetch(`${dingo.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ corpId, userId, password }) });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

describe('the console in dev mode', () => {
  it('opens with no sign-in for every corp, which the corp picker lists', async () => {
    expect((await dev.http('/api/console/corps')).body).toEqual({ corps: [{ corpId: 'corpA', name: 'Corp A' }, { corpId: 'corpB', name: 'Corp B' }] });
    expect((await dev.http('/api/console/directory?corpId=corpB')).body.corp).toEqual({ corpId: 'corpB', name: 'Corp B' });
    const renamed = await dev.http('/api/console/robots/appB?corpId=corpB', { method: 'PUT', json: { name: 'Robot B renamed', status: 'enabled' } });
    expect(renamed.body.robots[0].name).toBe('Robot B renamed');
  });

  it('needs a corp when nobody is signed in, and knows no corp that does not exist', async () => {
    const missing = await dev.http('/api/console/directory');
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('invalidParameter.corpId.missing');
    expect((await dev.http('/api/console/directory?corpId=nowhere')).status).toBe(404);
  });

  it("shows a robot's reception: how it receives, its connections and its deliveries", async () => {
    await dev.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'bob', robotCode: 'appA', text: 'anyone there?' } });
    await dev.services.botDeliveries.settled();
    const { body } = await dev.http('/api/console/robots/appA/reception?corpId=corpA');
    expect(body).toMatchObject({ corpId: 'corpA', robotCode: 'appA', receive: 'stream', callbackUrl: null, connections: [] });
    expect(body.deliveries).toHaveLength(1);
    expect(body.deliveries[0]).toMatchObject({ channel: 'stream', status: 'waiting', payload: { text: { content: 'anyone there?' }, senderStaffId: 'bob' } });
    expect(body.deliveries[0].attempts.map((a: { event: string }) => a.event)).toEqual(['queued']);
    expect((await dev.http('/api/console/robots/nope/reception?corpId=corpA')).status).toBe(404);
  });
});

describe('the console without dev mode', () => {
  it("is for a corp's admins, and their own corp only", async () => {
    expect((await production.http('/api/console/directory?corpId=corpA')).status).toBe(401);
    expect((await production.http('/api/console/corps')).status).toBe(401);
    const bob = await signIn(production, 'corpA', 'bob', 'bob-pw');
    expect(await call(production, bob, '/api/console/directory')).toMatchObject({ status: 403, body: { code: 'Forbidden.AccessDenied' } });
    const alice = await signIn(production, 'corpA', 'alice', 'alice-pw');
    expect((await call(production, alice, '/api/console/directory')).body.corp.corpId).toBe('corpA');
    expect((await call(production, alice, '/api/console/corps')).body).toEqual({ corps: [{ corpId: 'corpA', name: 'Corp A' }] });
    expect((await call(production, alice, '/api/console/directory?corpId=corpB')).status).toBe(403);
    expect((await call(production, alice, '/api/console/robots/appA/reception')).body.robotCode).toBe('appA');
  });
});
