import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDingo } from '../src/dingo.js';
import { oauthSdk, robotSdk, runtime, sdkError, startTestDingo, TEST_CONFIG, type TestDingo } from './harness.js';
import { call, listen, signInAs } from './webClientSession.js';


/** Team A of the test directory (members alice, bob, carol) while nothing was said in it: listed after the chats with messages. */
const QUIET_TEAM_A = expect.objectContaining({ chatId: 'group:cidGroupA==', kind: 'group', title: 'Team A', unreadCount: 0, lastMessage: null });

describe('web client API', () => {
  let dingo: TestDingo;
  let token: string;

  const send = async (userIds: string[], msgKey = 'sampleText', msgParam = '{"content":"hi"}') => {
    const response = await dingo.robot.batchSendOTOWithOptions(
      new robotSdk.BatchSendOTORequest({ robotCode: 'appA', userIds, msgKey, msgParam }),
      new robotSdk.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: token }),
      runtime,
    );
    return response.body?.processQueryKey as string;
  };
  const readStatus = async (processQueryKey: string) =>
    (
      await dingo.robot.batchOTOQueryWithOptions(
        new robotSdk.BatchOTOQueryRequest({ robotCode: 'appA', processQueryKey }),
        new robotSdk.BatchOTOQueryHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      )
    ).body;

  beforeAll(async () => {
    dingo = await startTestDingo();
  });
  afterAll(() => dingo.close());
  beforeEach(async () => {
    await dingo.http('/_dingo/reset', { method: 'POST' });
    token = await dingo.appToken('appA', 'secretA');
  });

  describe('sign-in', () => {
    it('signs in with the seeded password, in an http-only SameSite cookie, and signs out', async () => {
      const anonymous = await dingo.http('/api/session');
      expect(anonymous.body).toEqual({ user: null, dev: true });

      const wrong = await dingo.http('/api/session', { method: 'POST', json: { corpId: 'corpA', userId: 'alice', password: 'nope' } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('invalidCredentials');
      const noPassword = await dingo.http('/api/session', { method: 'POST', json: { corpId: 'corpA', userId: 'carol', password: '' } });
      expect(noPassword.body.code).toBe('invalidCredentials');

      const response = await fetch(`${dingo.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ corpId: 'corpA', userId: 'alice', password: 'alice-pw' }),
      });
      expect(response.status).toBe(200);
      const setCookie = response.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^dingo_session=/);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      const cookie = setCookie.split(';')[0] as string;
      const session = await call(dingo, cookie, '/api/session');
      expect(session.body.user).toEqual({ corpId: 'corpA', corpName: 'Corp A', userId: 'alice', name: 'Alice', isAdmin: true });

      expect((await call(dingo, cookie, '/api/session', { method: 'DELETE' })).status).toBe(200);
      expect((await call(dingo, cookie, '/api/session')).body.user).toBeNull();
      expect((await call(dingo, cookie, '/api/chats')).status).toBe(401);
    });

    it('refuses a forged cookie, and answers 401 notSignedIn without one', async () => {
      expect((await call(dingo, 'dingo_session=Y29ycEE.forged', '/api/chats')).body).toMatchObject({ code: 'notSignedIn' });
      const response = await dingo.http('/api/chats');
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'notSignedIn', requestid: expect.any(String) });
    });

    it('lists every user for the dev switcher', async () => {
      const { body } = await dingo.http('/api/dev/users');
      expect(body.users).toContainEqual({ corpId: 'corpB', corpName: 'Corp B', userId: 'alice', name: 'Alice of B', isAdmin: false });
      expect(body.users).toHaveLength(6);
    });

    it('has no dev sign-in and no user list without dev mode', async () => {
      const production = await startTestDingo({ dev: false });
      try {
        expect((await production.http('/api/dev/users')).status).toBe(404);
        expect((await production.http('/api/session/dev', { method: 'POST', json: { corpId: 'corpA', userId: 'alice' } })).status).toBe(404);
        expect((await production.http('/api/session')).body).toEqual({ user: null, dev: false });
      } finally {
        await production.close();
      }
    });
  });

  describe('chats', () => {
    it('lists the chat with its unread count and newest message; opening and reading turns readStatus READ', async () => {
      const first = await send(['bob']);
      dingo.clock.advance(10);
      const second = await send(['bob'], 'sampleMarkdown', JSON.stringify({ title: 'Report', text: '## Done' }));
      const bob = await signInAs(dingo, 'corpA', 'bob');
      const { body } = await call(dingo, bob, '/api/chats');
      expect(body.chats).toEqual([
        expect.objectContaining({ chatId: 'oto:appA', kind: 'robot', title: 'Robot A', unreadCount: 2, lastMessage: expect.objectContaining({ processQueryKey: second, readAt: null }) }),
        QUIET_TEAM_A,
      ]);
      const opened = await call(dingo, bob, `/api/chats/${encodeURIComponent('oto:appA')}/messages`);
      expect(opened.body.messages.map((m: { processQueryKey: string }) => m.processQueryKey)).toEqual([first, second]);
      expect(opened.body.messages[0]).toMatchObject({ kind: 'robot', sender: { kind: 'robot', id: 'appA', name: 'Robot A' }, msgKey: 'sampleText', msgParam: '{"content":"hi"}' });

      expect((await readStatus(first))?.messageReadInfoList?.[0]?.readStatus).toBe('UNREAD');
      const before = dingo.clock.now();
      expect((await call(dingo, bob, `/api/chats/${encodeURIComponent('oto:appA')}/read`, { method: 'POST' })).body).toEqual({ read: 2 });
      const after = dingo.clock.now();
      const entry = (await readStatus(first))?.messageReadInfoList?.[0];
      expect(entry).toMatchObject({ userId: 'bob', readStatus: 'READ' });
      expect(entry?.readTimestamp).toBeGreaterThanOrEqual(before);
      expect(entry?.readTimestamp).toBeLessThanOrEqual(after);
      expect((await call(dingo, bob, '/api/chats')).body.chats[0].unreadCount).toBe(0);
      expect((await call(dingo, bob, `/api/chats/${encodeURIComponent('oto:appA')}/read`, { method: 'POST' })).body).toEqual({ read: 0 });
    });

    it("shows a person-to-person chat to both members, titled with the other member's name", async () => {
      await dingo.robot.privateChatSendWithOptions(
        new robotSdk.PrivateChatSendRequest({ openConversationId: 'cidAliceBob==', robotCode: 'appA', coolAppCode: 'COOL-A', msgKey: 'sampleText', msgParam: '{"content":"both"}' }),
        new robotSdk.PrivateChatSendHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      );
      const alice = await signInAs(dingo, 'corpA', 'alice');
      const bob = await signInAs(dingo, 'corpA', 'bob');
      expect((await call(dingo, alice, '/api/chats')).body.chats).toEqual([
        expect.objectContaining({ chatId: 'p2p:cidAliceBob==', kind: 'private', title: 'Bob', subtitle: 'Person-to-person chat · robots: Robot A, Suite Bot' }),
        QUIET_TEAM_A,
      ]);
      expect((await call(dingo, bob, '/api/chats')).body.chats).toEqual([expect.objectContaining({ chatId: 'p2p:cidAliceBob==', title: 'Alice' }), QUIET_TEAM_A]);
      const carol = await signInAs(dingo, 'corpA', 'carol');
      expect((await call(dingo, carol, '/api/chats')).body.chats).toEqual([QUIET_TEAM_A]);
      expect((await call(dingo, carol, `/api/chats/${encodeURIComponent('p2p:cidAliceBob==')}/messages`)).status).toBe(404);
      expect((await call(dingo, carol, `/api/chats/${encodeURIComponent('nonsense')}/messages`)).status).toBe(404);
    });

    it('drops a recalled message from the chat and its unread count', async () => {
      const key = await send(['bob']);
      const bob = await signInAs(dingo, 'corpA', 'bob');
      expect((await call(dingo, bob, '/api/chats')).body.chats).toEqual([expect.objectContaining({ chatId: 'oto:appA' }), QUIET_TEAM_A]);
      await dingo.robot.batchRecallOTOWithOptions(
        new robotSdk.BatchRecallOTORequest({ robotCode: 'appA', processQueryKeys: [key] }),
        new robotSdk.BatchRecallOTOHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      );
      expect((await call(dingo, bob, '/api/chats')).body.chats).toEqual([QUIET_TEAM_A]);
      expect((await call(dingo, bob, `/api/chats/${encodeURIComponent('oto:appA')}/messages`)).body.messages).toEqual([]);
    });

    it("never shows another corp's messages to a user with the same userId", async () => {
      await send(['alice']);
      const aliceOfB = await signInAs(dingo, 'corpB', 'alice');
      expect((await call(dingo, aliceOfB, '/api/chats')).body.chats).toEqual([expect.objectContaining({ chatId: 'group:cidGroupB==', title: 'Team B', lastMessage: null })]);
      expect((await call(dingo, aliceOfB, `/api/chats/${encodeURIComponent('oto:appA')}/messages`)).status).toBe(404);
    });
  });

  describe('live events', () => {
    it("streams a user's deliveries, reads and recalls, with the chat they touch, and nothing of others' chats", async () => {
      const bob = await signInAs(dingo, 'corpA', 'bob');
      const stream = listen(dingo, bob);
      await stream.ready;
      const toCarol = await send(['carol']);
      const key = await send(['bob']);
      await call(dingo, bob, `/api/chats/${encodeURIComponent('oto:appA')}/read`, { method: 'POST' });
      await dingo.robot.batchRecallOTOWithOptions(
        new robotSdk.BatchRecallOTORequest({ robotCode: 'appA', processQueryKeys: [key] }),
        new robotSdk.BatchRecallOTOHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      );
      const events = await stream.waitFor(3);
      stream.stop();
      expect(events).toEqual([
        { type: 'delivered', processQueryKey: key, chatId: 'oto:appA' },
        { type: 'read', processQueryKey: key, userId: 'bob', chatId: 'oto:appA' },
        { type: 'recalled', processQueryKey: key, chatId: 'oto:appA' },
      ]);
      expect(JSON.stringify(events)).not.toContain(toCarol);
    });

    it('publishes a read event per message, with its own robot, when a person-to-person chat is read', async () => {
      const suiteToken = (
        await dingo.http('/v1.0/oauth2/corpAccessToken', {
          method: 'POST',
          json: { suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpA', suiteTicket: 't' },
        })
      ).body.accessToken as string;
      const sendInto = async (accessToken: string, robotCode: string, coolAppCode: string) =>
        (
          await dingo.http('/v1.0/robot/privateChatMessages/send', {
            method: 'POST',
            token: accessToken,
            json: { openConversationId: 'cidAliceBob==', robotCode, coolAppCode, msgKey: 'sampleText', msgParam: '{"content":"x"}' },
          })
        ).body.processQueryKey as string;
      const byRobotA = await sendInto(token, 'appA', 'COOL-A');
      const bySuiteBot = await sendInto(suiteToken, 'suiteBot', 'COOL-SUITE');
      const reads: unknown[] = [];
      const stop = dingo.services.events.subscribe((event) => {
        if (event.type === 'read') reads.push(event);
      });
      const bob = await signInAs(dingo, 'corpA', 'bob');
      await call(dingo, bob, `/api/chats/${encodeURIComponent('p2p:cidAliceBob==')}/read`, { method: 'POST' });
      stop();
      expect(reads).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ processQueryKey: byRobotA, robotCode: 'appA', openConversationId: 'cidAliceBob==', userId: 'bob' }),
          expect.objectContaining({ processQueryKey: bySuiteBot, robotCode: 'suiteBot', openConversationId: 'cidAliceBob==', userId: 'bob' }),
        ]),
      );
      expect(reads).toHaveLength(2);
    });

    it('ends the stream when its session signs out, and sends nothing more', async () => {
      const bob = await signInAs(dingo, 'corpA', 'bob');
      const stream = listen(dingo, bob);
      await stream.ready;
      await call(dingo, bob, '/api/session', { method: 'DELETE' });
      await stream.closed;
      await send(['bob']);
      expect(stream.events).toEqual([]);
    });

    it("streams every message event of the admin's corp for the console, with no chat when it is not theirs", async () => {
      const alice = await signInAs(dingo, 'corpA', 'alice');
      const stream = listen(dingo, alice);
      await stream.ready;
      const key = await send(['carol']);
      const events = await stream.waitFor(1);
      stream.stop();
      expect(events).toEqual([{ type: 'delivered', processQueryKey: key, chatId: null }]);
    });
  });

  describe('console', () => {
    it('is open to anyone in dev mode, for every corp (test/devConsole.test.ts has more)', async () => {
      const bob = await signInAs(dingo, 'corpA', 'bob');
      expect(await call(dingo, bob, '/api/console/directory')).toMatchObject({ status: 200, body: { corp: { corpId: 'corpA' } } });
      expect((await dingo.http('/api/console/messages?corpId=corpB')).status).toBe(200);
    });

    it("shows the admin's corp only, with app keys but never their secrets", async () => {
      const alice = await signInAs(dingo, 'corpA', 'alice');
      const { body } = await call(dingo, alice, '/api/console/directory');
      expect(body.corp).toEqual({ corpId: 'corpA', name: 'Corp A' });
      expect(body.apps).toContainEqual({ appKey: 'appA', name: 'App A', permissions: ['qyapi_robot_sendmsg'] });
      expect(JSON.stringify(body)).not.toContain('secretA');
      expect(body.suites).toEqual([{ suiteKey: 'suiteS', name: 'Suite S', permissions: ['qyapi_robot_sendmsg'] }]);
      expect(body.robots.map((r: { robotCode: string }) => r.robotCode)).toEqual(['appA', 'appA2', 'appNoPerm', 'robotStopped', 'suiteBot']);
      expect(body.privateChats).toContainEqual({ openConversationId: 'cidAliceBob==', members: ['alice', 'bob'], coolApps: ['COOL-A', 'COOL-SUITE'] });
      expect(JSON.stringify(body)).not.toContain('erin');
      expect(JSON.stringify(body)).not.toContain('suiteSecret');
    });

    it("reveals an app's secret only when asked, never to be cached, and only of the corp's own apps", async () => {
      const alice = await signInAs(dingo, 'corpA', 'alice');
      const revealed = await fetch(`${dingo.url}/api/console/apps/appA/secret`, { headers: { cookie: alice } });
      expect(revealed.status).toBe(200);
      expect(revealed.headers.get('cache-control')).toBe('no-store');
      expect(await revealed.json()).toEqual({ appSecret: 'secretA' });
      expect((await call(dingo, alice, '/api/console/apps/appB/secret')).status).toBe(404);
    });

    it('edits the directory: a new user can sign in, a stopped robot cannot send', async () => {
      const alice = await signInAs(dingo, 'corpA', 'alice');
      const added = await call(dingo, alice, '/api/console/users/frank', { method: 'PUT', json: { name: 'Frank', isAdmin: false, password: 'frank-pw' } });
      expect(added.body.users).toContainEqual({ userId: 'frank', name: 'Frank', isAdmin: false, hasPassword: true, mobile: null });
      expect((await dingo.http('/api/session', { method: 'POST', json: { corpId: 'corpA', userId: 'frank', password: 'frank-pw' } })).status).toBe(200);

      await call(dingo, alice, '/api/console/robots/appA', { method: 'PUT', json: { name: 'Robot A', status: 'stopped' } });
      const refused = await dingo.http('/v1.0/robot/oToMessages/batchSend', {
        method: 'POST',
        token,
        json: { robotCode: 'appA', userIds: ['bob'], msgKey: 'sampleText', msgParam: '{"content":"x"}' },
      });
      expect(refused.body.code).toBe('template.stopped');
      await call(dingo, alice, '/api/console/robots/appA', { method: 'PUT', json: { name: 'Robot A', status: 'enabled' } });
      expect((await call(dingo, alice, '/api/console/robots/nope', { method: 'PUT', json: { name: 'x', status: 'enabled' } })).status).toBe(404);

      const app = await call(dingo, alice, '/api/console/apps', { method: 'POST', json: { name: 'New', appSecret: 's3cret', permissions: ['qyapi_robot_sendmsg'] } });
      const newKey = app.body.apps.find((a: { name: string }) => a.name === 'New').appKey;
      expect(newKey).toMatch(/^ding[a-z0-9]{16}$/);
      expect(app.body.robots).toContainEqual({ robotCode: newKey, name: 'New', appKey: newKey, status: 'enabled', receive: 'stream', callbackUrl: null });
      expect(await dingo.appToken(newKey, 's3cret')).toMatch(/^[0-9a-f]{32}$/);
      const renamed = await call(dingo, alice, `/api/console/apps/${newKey}`, { method: 'PUT', json: { name: 'Renamed', appSecret: 's3cret2', permissions: [] } });
      expect(renamed.body.apps).toContainEqual({ appKey: newKey, name: 'Renamed', permissions: [] });
      expect((await call(dingo, alice, `/api/console/apps/${newKey}/secret`)).body).toEqual({ appSecret: 's3cret2' });

      const chat = await call(dingo, alice, '/api/console/private-chats/cidNew==', { method: 'PUT', json: { members: ['carol', 'frank'], coolApps: ['COOL-A'] } });
      expect(chat.body.privateChats).toContainEqual({ openConversationId: 'cidNew==', members: ['carol', 'frank'], coolApps: ['COOL-A'] });
      expect((await call(dingo, alice, '/api/console/private-chats/cidBad==', { method: 'PUT', json: { members: ['carol', 'erin'], coolApps: [] } })).status).toBe(400);
      expect((await call(dingo, alice, '/api/console/cool-apps/COOL-X', { method: 'PUT', json: { robotCode: 'nope' } })).status).toBe(400);
    });

    it("neither reveals nor takes another corp's appKey: a key is Dingo's to make, and an update of any key not the corp's is answered alike", async () => {
      const alice = await signInAs(dingo, 'corpA', 'alice');
      const settings = { name: 'Squat', appSecret: 'squat-secret', permissions: ['qyapi_robot_sendmsg'] };
      const answerWithoutRequestId = async (appKey: string) => {
        const { status, body } = await call(dingo, alice, `/api/console/apps/${appKey}`, { method: 'PUT', json: settings });
        const { requestid, ...rest } = body;
        expect(requestid).toEqual(expect.any(String));
        return { status, body: { ...rest, message: rest.message.replace(appKey, '<key>') } };
      };
      const otherCorps = await answerWithoutRequestId('appB');
      expect(otherCorps.status).toBe(404);
      expect(await answerWithoutRequestId('noSuchApp')).toEqual(otherCorps);
      expect(await answerWithoutRequestId('suiteS')).toEqual(otherCorps);

      const created = await call(dingo, alice, '/api/console/apps', { method: 'POST', json: { ...settings, appKey: 'appB' } });
      expect(created.status).toBe(200);
      expect(created.body.apps.map((a: { appKey: string }) => a.appKey)).not.toContain('appB');
      expect(await dingo.appToken('appB', 'secretB')).toMatch(/^[0-9a-f]{32}$/);
      expect(await sdkError(dingo.oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey: 'appB', appSecret: 'squat-secret' })))).toMatchObject({ code: 'invalidClientIdOrSecret' });
    });

    it('logs messages newest first with each recipient’s read state, filters, and recalls', async () => {
      const old = await send(['bob', 'carol']);
      dingo.clock.advance(10);
      const recent = await send(['dave']);
      await dingo.http('/_dingo/read', { method: 'POST', json: { corpId: 'corpA', userId: 'bob', processQueryKey: old } });
      const alice = await signInAs(dingo, 'corpA', 'alice');
      const log = await call(dingo, alice, '/api/console/messages');
      expect(log.body.messages.map((m: { processQueryKey: string }) => m.processQueryKey)).toEqual([recent, old]);
      expect(log.body.messages[1].recipients).toEqual([
        { userId: 'bob', name: 'Bob', readStatus: 'READ', readAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
        { userId: 'carol', name: 'Carol', readStatus: 'UNREAD', readAt: null },
      ]);
      const byUser = await call(dingo, alice, '/api/console/messages?userId=dave');
      expect(byUser.body.messages.map((m: { processQueryKey: string }) => m.processQueryKey)).toEqual([recent]);

      const recalled = await call(dingo, alice, '/api/console/messages/recall', { method: 'POST', json: { processQueryKey: old } });
      expect(recalled.body).toEqual({ successResult: [old], failedResult: {} });
      expect((await readStatus(old))?.sendStatus).toBe('RECALLED');
      const onlyRecalled = await call(dingo, alice, '/api/console/messages?status=recalled');
      expect(onlyRecalled.body.messages).toEqual([expect.objectContaining({ processQueryKey: old, recalledAt: expect.any(String) })]);

      const unknown = await call(dingo, alice, '/api/console/messages/recall', { method: 'POST', json: { processQueryKey: 'nope' } });
      expect(unknown).toEqual({ status: 200, body: { successResult: [], failedResult: { nope: 'invalid.processQueryKey' } } });

      dingo.clock.advance(24 * 3600_000 + 1);
      const late = await call(dingo, alice, '/api/console/messages/recall', { method: 'POST', json: { processQueryKey: recent } });
      expect(late.body).toEqual({ successResult: [], failedResult: { [recent]: 'robot.processQueryKey.expired' } });
    });
  });
});

describe('the demo directory', () => {
  it("greets every demo user with the Demo Bot's welcome messages, and the person-to-person chat and the group too", async () => {
    const dingo = await startDingo(TEST_CONFIG);
    try {
      const inbox = async (userId: string) =>
        ((await (await fetch(`${dingo.url}/_dingo/inbox?corpId=dingdemocorp&userId=${userId}`)).json()) as { messages: Array<{ msgKey: string; msgParam: string; openConversationId?: string }> })
          .messages;
      const manager = await inbox('manager1234');
      expect(manager.map((m: { msgKey: string }) => m.msgKey)).toEqual(['sampleMarkdown', 'sampleActionCard2', 'sampleText', 'sampleText']);
      expect(JSON.parse(manager[1]?.msgParam ?? "{}").actionURL1).toBe(`${dingo.url}/console`);
      expect(manager[2]?.openConversationId).toBe('cidDemoChat1==');
      expect(manager[3]?.openConversationId).toBe('cidDemoGroup1==');
      const user3 = await inbox('user3');
      expect(user3.map((m: { msgKey: string }) => m.msgKey)).toEqual(['sampleMarkdown', 'sampleActionCard2', 'sampleText']);
      expect(user3[2]?.openConversationId).toBe('cidDemoGroup1==');
    } finally {
      await dingo.close();
    }
  });
});
