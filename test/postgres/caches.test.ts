import { describe, expect, it } from 'vitest';
import type { TestDingo } from '../harness.js';
import { otoClient, sendOk, textTo } from '../oto.js';
import { until } from '../streamBot.js';
import { twoNodes } from '../twoNodesSuite.js';
import { call, signInAs } from '../webClientSession.js';

/**
 * Two nodes on one PostgreSQL, each caching token grants, robots and user names
 * (src/domain/directoryCaches.ts): an edit in A's console is seen by B's next robot API
 * call once its invalidation note has reached B (it travels by LISTEN/NOTIFY, milliseconds
 * after the edit's answer; docs/architecture.md, Several nodes). Each test fills B's caches first.
 */
describe("two nodes on one PostgreSQL: A's console edits reach B's caches", () => {
  const nodes = twoNodes({ flowLimit: 0 });

  /** Runs `edit` on A, then waits until B has heard the invalidation of `key` in `area`. */
  async function editOnA(area: string, key: string, edit: () => Promise<{ status: number }>): Promise<void> {
    const heard: string[] = [];
    const stop = nodes.b.services.caches.onInvalidate(area, (dropped) => heard.push(dropped));
    try {
      expect((await edit()).status).toBe(200);
      await until(() => heard.includes(key));
    } finally {
      stop();
    }
  }

  const sendOnB = (token: string, robotCode: string, userIds: string[]) =>
    nodes.b.http('/v1.0/robot/oToMessages/batchSend', { method: 'POST', token, json: textTo(robotCode, userIds) });
  const console = async (dingo: TestDingo, path: string, json: unknown) => call(dingo, await signInAs(dingo, 'corpA', 'alice'), path, { method: 'PUT', json });

  it('a robot stopped on A is refused on B, and sends again once enabled', async () => {
    const { a, b } = nodes;
    const token = await b.appToken('appA', 'secretA');
    await sendOk(otoClient(b, token), textTo('appA', ['alice']));
    await editOnA('robots', 'corpA/appA', () => console(a, '/api/console/robots/appA', { name: 'Robot A', status: 'stopped' }));
    expect(await sendOnB(token, 'appA', ['alice'])).toMatchObject({ status: 400, body: { code: 'template.stopped' } });
    await editOnA('robots', 'corpA/appA', () => console(a, '/api/console/robots/appA', { name: 'Robot A', status: 'enabled' }));
    await sendOk(otoClient(b, token), textTo('appA', ['alice']));
  });

  it("an app's permission removed on A refuses its token on B; given back, the token works again; a new secret ends it on B", async () => {
    const { a, b } = nodes;
    const token = await b.appToken('appA2', 'secretA2');
    await sendOk(otoClient(b, token), textTo('appA2', ['bob']));
    await editOnA('app-grants', 'corpA/appA2', () => console(a, '/api/console/apps/appA2', { name: 'App A2', permissions: [] }));
    expect(await sendOnB(token, 'appA2', ['bob'])).toMatchObject({ status: 403, body: { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied' } });
    await editOnA('app-grants', 'corpA/appA2', () => console(a, '/api/console/apps/appA2', { name: 'App A2', permissions: ['qyapi_robot_sendmsg'] }));
    await sendOk(otoClient(b, token), textTo('appA2', ['bob']));
    await editOnA('app-grants', 'corpA/appA2', () => console(a, '/api/console/apps/appA2', { name: 'App A2', appSecret: 'newSecretA2', permissions: ['qyapi_robot_sendmsg'] }));
    expect(await sendOnB(token, 'appA2', ['bob'])).toMatchObject({ status: 400, body: { code: 'InvalidAuthentication' } });
    const refused = await b.http('/v1.0/oauth2/accessToken', { method: 'POST', json: { appKey: 'appA2', appSecret: 'secretA2' } });
    expect(refused).toMatchObject({ status: 400, body: { code: 'invalidClientIdOrSecret' } });
    const renewed = await b.appToken('appA2', 'newSecretA2');
    expect(renewed).not.toBe(token);
    await sendOk(otoClient(b, renewed), textTo('appA2', ['bob']));
  });

  it('a user added on A is a recipient on B; a renamed one shows its new name in B\'s readStatus', async () => {
    const { a, b } = nodes;
    const token = await b.appToken('appA', 'secretA');
    expect(await sendOnB(token, 'appA', ['carol', 'gina'])).toMatchObject({ status: 200, body: { invalidStaffIdList: ['gina'] } });
    await editOnA('users', 'corpA', () => console(a, '/api/console/users/gina', { name: 'Gina', isAdmin: false }));
    await editOnA('users', 'corpA', () => console(a, '/api/console/users/carol', { name: 'Carol Renamed', isAdmin: false }));
    const sent = await sendOk(otoClient(b, token), textTo('appA', ['carol', 'gina']));
    expect(sent.invalidStaffIdList).toEqual([]);
    const status = await otoClient(b, token).readStatus({ robotCode: 'appA', processQueryKey: sent.processQueryKey });
    expect(status.body?.messageReadInfoList?.map((info) => info.name)).toEqual(['Carol Renamed', 'Gina']);
  });

  it("a token issued again through A moves its expiry on B too", async () => {
    const { a, b } = nodes;
    const token = await b.appToken('appA', 'secretA');
    await sendOk(otoClient(b, token), textTo('appA', ['dave']));
    a.clock.advance(7000_000);
    b.clock.advance(7000_000);
    let heard = false;
    const stop = b.services.caches.onInvalidate('app-grants', (key) => (heard ||= key === 'corpA/appA'));
    expect(await a.appToken('appA', 'secretA')).toBe(token);
    await until(() => heard);
    stop();
    a.clock.advance(1000_000);
    b.clock.advance(1000_000);
    // Past the first expiry (7200 s after the first issue), within the second.
    await sendOk(otoClient(b, token), textTo('appA', ['dave']));
  });
});
