import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIRECTORY } from './directory.js';
import { oauthSdk, sdkError, sharedDatabase, startTestDingo, type TestDingo } from './harness.js';
import { call, signInAs, signInWithPassword } from './webClientSession.js';

const dir = mkdtempSync(join(tmpdir(), 'dingo-revocation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a changed credential ends: an app's tokens when its secret changes, a user's other sessions when the password changes. */
describe('revocation', () => {
  let dingo: TestDingo;
  beforeEach(async () => {
    dingo = await startTestDingo();
  });
  afterEach(async () => {
    await dingo.close();
  });

  const sendWith = (token: string) =>
    dingo.http('/v1.0/robot/oToMessages/batchSend', { method: 'POST', token, json: { robotCode: 'appA', userIds: ['bob'], msgKey: 'sampleText', msgParam: '{"content":"hi"}' } });

  describe('a new appSecret set in the console', () => {
    it("ends the app's live token: the old one answers InvalidAuthentication, the new secret gets a new token, the old secret none", async () => {
      const oldToken = await dingo.appToken('appA', 'secretA');
      const otherAppToken = await dingo.appToken('appA2', 'secretA2');
      expect((await sendWith(oldToken)).status).toBe(200);
      const invalidated: string[] = [];
      const stop = dingo.services.caches.onInvalidate('app-grants', (key) => invalidated.push(key));
      const alice = await signInAs(dingo, 'corpA', 'alice');

      const edit = await call(dingo, alice, '/api/console/apps/appA', { method: 'PUT', json: { name: 'App A', appSecret: 'rotatedA', permissions: ['qyapi_robot_sendmsg'] } });
      stop();

      expect(edit.status).toBe(200);
      expect(await sendWith(oldToken)).toMatchObject({ status: 400, body: { code: 'InvalidAuthentication' } });
      const newToken = await dingo.appToken('appA', 'rotatedA');
      expect(newToken).toMatch(/^[0-9a-f]{32}$/);
      expect(newToken).not.toBe(oldToken);
      expect((await sendWith(newToken)).status).toBe(200);
      const oldSecret = await sdkError(dingo.oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey: 'appA', appSecret: 'secretA' })));
      expect(oldSecret).toMatchObject({ statusCode: 400, code: 'invalidClientIdOrSecret' });
      expect(invalidated).toContain('corpA/appA');
      // Another app of the corp keeps its token.
      expect(await dingo.appToken('appA2', 'secretA2')).toBe(otherAppToken);
    });

    it('keeps the live token when an edit leaves the secret as it was (absent or the same)', async () => {
      const token = await dingo.appToken('appA', 'secretA');
      const alice = await signInAs(dingo, 'corpA', 'alice');
      await call(dingo, alice, '/api/console/apps/appA', { method: 'PUT', json: { name: 'App A, renamed', permissions: ['qyapi_robot_sendmsg'] } });
      await call(dingo, alice, '/api/console/apps/appA', { method: 'PUT', json: { name: 'App A', appSecret: 'secretA', permissions: ['qyapi_robot_sendmsg'] } });
      expect((await sendWith(token)).status).toBe(200);
      expect(await dingo.appToken('appA', 'secretA')).toBe(token);
    });
  });

  it("ends an app's and a suite's live tokens when a later start's seed changes their secrets", async () => {
    const db = await sharedDatabase(dir);
    const secretKeyFile = join(dir, 'secret.key');
    const first = await startTestDingo({ db, secretKeyFile });
    const [appToken, otherAppToken] = [await first.appToken('appA', 'secretA'), await first.appToken('appA2', 'secretA2')];
    const suiteToken = (await first.http('/v1.0/oauth2/corpAccessToken', { method: 'POST', json: { suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpA', suiteTicket: 't' } })).body.accessToken;
    await first.close();

    const rotated = structuredClone(TEST_DIRECTORY);
    rotated.corps[0]!.apps![0]!.appSecret = 'rotatedA';
    rotated.suites![0]!.suiteSecret = 'rotatedSuite';
    const second = await startTestDingo({ db, secretKeyFile }, rotated);
    try {
      for (const token of [appToken, suiteToken]) {
        expect(await second.http('/v1.0/robot/oToMessages/batchSend', { method: 'POST', token, json: { robotCode: 'appA', userIds: ['bob'], msgKey: 'sampleText', msgParam: '{}' } })).toMatchObject({
          status: 400,
          body: { code: 'InvalidAuthentication' },
        });
      }
      expect(await second.appToken('appA2', 'secretA2')).toBe(otherAppToken);
    } finally {
      await second.close();
    }
  });

  describe("a user's new password set in the console", () => {
    const signIn = (userId: string, password: string) => signInWithPassword(dingo, 'corpA', userId, password);
    const signedInAs = async (cookie: string) => (await call(dingo, cookie, '/api/session')).body.user?.userId ?? null;

    it("ends that user's sessions, not other users'; the new password signs in", async () => {
      const [bobOnLaptop, bobOnPhone, alice] = [await signIn('bob', 'bob-pw'), await signIn('bob', 'bob-pw'), await signIn('alice', 'alice-pw')];
      expect(await signedInAs(bobOnLaptop)).toBe('bob');

      const edit = await call(dingo, alice, '/api/console/users/bob', { method: 'PUT', json: { name: 'Bob', isAdmin: false, password: 'new-bob-pw' } });

      expect(edit.status).toBe(200);
      expect(await signedInAs(bobOnLaptop)).toBeNull();
      expect(await signedInAs(bobOnPhone)).toBeNull();
      expect(await signedInAs(alice)).toBe('alice');
      expect((await dingo.http('/api/session', { method: 'POST', json: { corpId: 'corpA', userId: 'bob', password: 'bob-pw' } })).status).toBe(400);
      expect(await signedInAs(await signIn('bob', 'new-bob-pw'))).toBe('bob');
    });

    it("keeps the session of the admin who changes their own password, and ends the admin's others", async () => {
      const [here, elsewhere] = [await signIn('alice', 'alice-pw'), await signIn('alice', 'alice-pw')];
      await call(dingo, here, '/api/console/users/alice', { method: 'PUT', json: { name: 'Alice', isAdmin: true, password: 'new-alice-pw' } });
      expect(await signedInAs(here)).toBe('alice');
      expect(await signedInAs(elsewhere)).toBeNull();
    });

    it('ends no session when an edit sets no password', async () => {
      const bob = await signIn('bob', 'bob-pw');
      const alice = await signIn('alice', 'alice-pw');
      await call(dingo, alice, '/api/console/users/bob', { method: 'PUT', json: { name: 'Robert', isAdmin: false } });
      expect(await signedInAs(bob)).toBe('bob');
    });
  });
});
