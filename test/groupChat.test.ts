import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { liveEventFor } from '../src/domain/liveEventAudience.js';
import { oauthSdk, robotSdk, runtime, sdkError, startTestDingo, type RobotSdk, type TestDingo } from './harness.js';
import { call, signInAs } from './webClientSession.js';

const GROUP = 'cidGroupA==';
const MEMBERS = ['alice', 'bob', 'carol'];
const markdown = { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: 'Hi', text: '## Hello team' }) };
const DAY_MS = 24 * 3600_000;

describe('robot messages in group chats, through the official SDK', () => {
  let dingo: TestDingo;
  let tokenA: string;
  let tokenA2: string;
  let tokenB: string;

  const send = (token: string, fields: Partial<RobotSdk.OrgGroupSendRequest>) =>
    dingo.robot.orgGroupSendWithOptions(
      new robotSdk.OrgGroupSendRequest({ openConversationId: GROUP, robotCode: 'appA', ...markdown, ...fields }),
      new robotSdk.OrgGroupSendHeaders({ xAcsDingtalkAccessToken: token }),
      runtime,
    );
  const query = (token: string, fields: Partial<RobotSdk.OrgGroupQueryRequest>) =>
    dingo.robot.orgGroupQueryWithOptions(
      new robotSdk.OrgGroupQueryRequest({ openConversationId: GROUP, robotCode: 'appA', ...fields }),
      new robotSdk.OrgGroupQueryHeaders({ xAcsDingtalkAccessToken: token }),
      runtime,
    );
  const recall = (token: string, fields: Partial<RobotSdk.OrgGroupRecallRequest>) =>
    dingo.robot.orgGroupRecallWithOptions(
      new robotSdk.OrgGroupRecallRequest({ openConversationId: GROUP, robotCode: 'appA', ...fields }),
      new robotSdk.OrgGroupRecallHeaders({ xAcsDingtalkAccessToken: token }),
      runtime,
    );
  const sent = async (token = tokenA, fields: Partial<RobotSdk.OrgGroupSendRequest> = {}) => {
    const response = await send(token, fields);
    expect(response.statusCode).toBe(200);
    return response.body?.processQueryKey as string;
  };
  const read = async (userId: string, processQueryKey: string) => {
    expect((await dingo.http('/_dingo/read', { method: 'POST', json: { corpId: 'corpA', userId, processQueryKey } })).status).toBe(200);
  };
  const inbox = async (userId: string, corpId = 'corpA') =>
    (await dingo.http(`/_dingo/inbox?corpId=${corpId}&userId=${userId}`)).body.messages as Array<Record<string, unknown>>;
  const suiteToken = async () =>
    (
      await dingo.oauth.getCorpAccessToken(
        new oauthSdk.GetCorpAccessTokenRequest({ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpA', suiteTicket: 't' }),
      )
    ).body?.accessToken as string;
  const renewTokens = async () => {
    tokenA = await dingo.appToken('appA', 'secretA');
    tokenA2 = await dingo.appToken('appA2', 'secretA2');
    tokenB = await dingo.appToken('appB', 'secretB');
  };

  beforeAll(async () => {
    dingo = await startTestDingo();
  });
  afterAll(() => dingo.close());
  beforeEach(async () => {
    await dingo.http('/_dingo/reset', { method: 'POST' });
    await renewTokens(); // tests move the clock by days
  });

  describe('send', () => {
    it('delivers to every member of the group, and nobody else', async () => {
      const key = await sent();
      expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      for (const member of MEMBERS) {
        expect(await inbox(member)).toEqual([
          expect.objectContaining({ processQueryKey: key, openConversationId: GROUP, robotCode: 'appA', read: false, ...markdown }),
        ]);
      }
      expect(await inbox('dave')).toEqual([]);
    });

    it('reaches the members at the time of the send: a member added later gets later messages only', async () => {
      const before = await sent();
      const admin = await signInAs(dingo, 'corpA', 'alice');
      const changed = await call(dingo, admin, `/api/console/groups/${encodeURIComponent(GROUP)}`, {
        method: 'PUT',
        json: { title: 'Team A', owner: 'alice', members: ['alice', 'dave'], robots: ['appA'] },
      });
      expect(changed.status).toBe(200);
      try {
        const after = await sent();
        expect((await inbox('dave')).map((m) => m.processQueryKey)).toEqual([after]);
        expect((await inbox('bob')).map((m) => m.processQueryKey)).toEqual([before]);
      } finally {
        await call(dingo, admin, `/api/console/groups/${encodeURIComponent(GROUP)}`, {
          method: 'PUT',
          json: { title: 'Team A', owner: 'alice', members: MEMBERS, robots: ['appA', 'suiteBot', 'robotStopped'] },
        });
      }
    });

    it('is not flow-controlled', async () => {
      const flowLimited = await startTestDingo({ flowLimit: 1 });
      try {
        const token = await flowLimited.appToken('appA', 'secretA');
        for (let i = 0; i < 3; i++) {
          const response = await flowLimited.robot.orgGroupSendWithOptions(
            new robotSdk.OrgGroupSendRequest({ openConversationId: GROUP, robotCode: 'appA', ...markdown }),
            new robotSdk.OrgGroupSendHeaders({ xAcsDingtalkAccessToken: token }),
            runtime,
          );
          expect(response.statusCode).toBe(200);
        }
        expect((await flowLimited.http('/_dingo/inbox?corpId=corpA&userId=bob')).body.messages).toHaveLength(3);
      } finally {
        await flowLimited.close();
      }
    });

    it('takes a coolAppCode without checking it: robots are installed in groups directly', async () => {
      await sent(tokenA, { coolAppCode: 'COOLAPP-NOT-A-THING' });
      expect(await inbox('alice')).toHaveLength(1);
    });

    it.each([
      ['openConversationId', { openConversationId: undefined }, 'miss.openConversationId'],
      ['robotCode', { robotCode: undefined }, 'miss.chatbotId'],
      ['msgKey', { msgKey: undefined }, 'invalidParameter.msgKey.empty'],
      ['a JSON object in msgParam', { msgParam: '[1]' }, 'invalidParameter.msgParam.invalid'],
      ['a template field', { msgKey: 'sampleText', msgParam: '{}' }, 'miss.param.contentOfText'],
    ])('refuses a request without %s with its code, and delivers nothing', async (_name, fields, code) => {
      expect(await sdkError(send(tokenA, fields))).toMatchObject({ code, statusCode: 400 });
      expect(await inbox('alice')).toEqual([]);
    });

    it('answers invalid.openConversationId for an unknown group, a group of another corp, and a person-to-person chat', async () => {
      for (const openConversationId of ['cidNope==', 'cidGroupB==', 'cidAliceBob==']) {
        expect(await sdkError(send(tokenA, { openConversationId })), openConversationId).toMatchObject({ code: 'invalid.openConversationId', statusCode: 400 });
      }
      expect(await inbox('erin', 'corpB')).toEqual([]);
      expect(await inbox('alice')).toEqual([]);
    });

    it('answers invalidParameter.robotCode.notExsit for a robot the token may not use', async () => {
      expect(await sdkError(send(tokenA, { robotCode: 'nope' }))).toMatchObject({ code: 'invalidParameter.robotCode.notExsit', statusCode: 400 });
      // appA is installed in the group, but the token is App A2's.
      expect(await sdkError(send(tokenA2, { robotCode: 'appA' }))).toMatchObject({ code: 'invalidParameter.robotCode.notExsit' });
      // The suite's robot is installed too, but needs the suite's corpAccessToken.
      expect(await sdkError(send(tokenA, { robotCode: 'suiteBot' }))).toMatchObject({ code: 'invalidParameter.robotCode.notExsit' });
    });

    it('answers template.stopped for a stopped robot', async () => {
      expect(await sdkError(send(tokenA, { robotCode: 'robotStopped' }))).toMatchObject({ code: 'template.stopped', statusCode: 400 });
    });

    it('answers invalidParameter.robotCode.notInGroup for a robot of the app that is not installed in the group', async () => {
      const error = await sdkError(send(tokenA2, { robotCode: 'appA2' }));
      expect(error).toMatchObject({ code: 'invalidParameter.robotCode.notInGroup', statusCode: 400 });
      expect(error.data.message).toContain('appA2');
      expect(await sdkError(send(tokenA, { openConversationId: 'cidQuietGroup==' }))).toMatchObject({ code: 'invalidParameter.robotCode.notInGroup' });
      expect(await inbox('dave')).toEqual([]);
    });

    it("sends as a suite's robot with the suite's corpAccessToken", async () => {
      const key = await sent(await suiteToken(), { robotCode: 'suiteBot' });
      expect(await inbox('carol')).toEqual([expect.objectContaining({ processQueryKey: key, robotCode: 'suiteBot', openConversationId: GROUP })]);
    });

    it('is guarded like every robot route: token first, then permission', async () => {
      const body = { openConversationId: GROUP, robotCode: 'appA', ...markdown };
      const missing = await dingo.http('/v1.0/robot/groupMessages/send', { method: 'POST', json: body });
      expect(missing).toMatchObject({ status: 400, body: { code: 'AuthenticationFailed.MissingParameter' } });
      const mute = await dingo.appToken('appNoPerm', 'secretNoPerm');
      const forbidden = await dingo.http('/v1.0/robot/groupMessages/send', { method: 'POST', json: body, token: mute });
      expect(forbidden).toMatchObject({ status: 403, body: { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied' } });
    });
  });

  describe('query', () => {
    it('lists the readers by first read time, then pages them with a cursor; no nextToken on the last page', async () => {
      const key = await sent();
      expect((await query(tokenA, { processQueryKey: key })).body).toMatchObject({ sendStatus: 'SUCCESS', readUserIds: [], hasMore: false });
      await read('carol', key);
      dingo.clock.advance(5);
      await read('alice', key);
      dingo.clock.advance(5);
      await read('bob', key);
      await read('carol', key); // a second read keeps the first read time
      expect((await query(tokenA, { processQueryKey: key })).body?.readUserIds).toEqual(['carol', 'alice', 'bob']);

      const first = await query(tokenA, { processQueryKey: key, maxResults: 2 });
      expect(first.body).toMatchObject({ readUserIds: ['carol', 'alice'], hasMore: true, nextToken: expect.any(String) });
      const second = await query(tokenA, { processQueryKey: key, maxResults: 2, nextToken: first.body?.nextToken });
      expect(second.body).toMatchObject({ readUserIds: ['bob'], hasMore: false });
      expect(second.body?.nextToken).toBeUndefined();
    });

    it('refuses tampered cursors and the cursor of another message with invalidParameter.cursor.invalid', async () => {
      const key = await sent();
      const other = await sent();
      for (const k of [key, other]) for (const member of MEMBERS) await read(member, k);
      const token = (await query(tokenA, { processQueryKey: key, maxResults: 1 })).body?.nextToken as string;
      const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
      for (const nextToken of ['1', flipped, token.slice(0, -2), `${token}A`]) {
        expect(await sdkError(query(tokenA, { processQueryKey: key, maxResults: 1, nextToken })), nextToken).toMatchObject({
          code: 'invalidParameter.cursor.invalid',
          statusCode: 400,
        });
      }
      expect(await sdkError(query(tokenA, { processQueryKey: other, maxResults: 1, nextToken: token }))).toMatchObject({
        code: 'invalidParameter.cursor.invalid',
      });
      expect((await query(tokenA, { processQueryKey: key, maxResults: 1, nextToken: token })).body?.readUserIds).toHaveLength(1);
    });

    it('answers the codes of the person-to-person query', async () => {
      const key = await sent();
      const privateKey = (
        await dingo.robot.privateChatSendWithOptions(
          new robotSdk.PrivateChatSendRequest({ openConversationId: 'cidAliceBob==', robotCode: 'appA', coolAppCode: 'COOL-A', ...markdown }),
          new robotSdk.PrivateChatSendHeaders({ xAcsDingtalkAccessToken: tokenA }),
          runtime,
        )
      ).body?.processQueryKey;
      const oneToOne = (
        await dingo.robot.batchSendOTOWithOptions(
          new robotSdk.BatchSendOTORequest({ robotCode: 'appA', userIds: ['alice'], msgKey: 'sampleText', msgParam: '{"content":"x"}' }),
          new robotSdk.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: tokenA }),
          runtime,
        )
      ).body?.processQueryKey;
      const cases: Array<[Partial<RobotSdk.OrgGroupQueryRequest>, string]> = [
        [{}, 'invalidParameter.processQueryKey.missing'],
        [{ processQueryKey: key, maxResults: 201 }, 'invalidParameter.pageSize.invalid'],
        [{ processQueryKey: key, maxResults: 0 }, 'invalidParameter.pageSize.invalid'],
        [{ processQueryKey: 'unknownKey' }, 'invalid.processQueryKey'],
        [{ processQueryKey: privateKey, openConversationId: undefined }, 'invalid.processQueryKey'],
        [{ processQueryKey: oneToOne, openConversationId: undefined }, 'invalid.processQueryKey'],
        [{ processQueryKey: key, openConversationId: 'cidQuietGroup==' }, 'invalid.processQueryKey'],
        [{ processQueryKey: key, openConversationId: 'cidNope==' }, 'invalid.openConversationId'],
        [{ processQueryKey: key, openConversationId: 'cidGroupB==' }, 'invalid.openConversationId'],
        [{ processQueryKey: key, openConversationId: 'cidAliceBob==' }, 'invalid.openConversationId'],
        [{ processQueryKey: key, robotCode: 'nope' }, 'invalidParameter.robotCode.notExsit'],
        [{ processQueryKey: key, robotCode: 'robotStopped' }, 'invalid.processQueryKey'],
      ];
      for (const [fields, code] of cases) {
        expect(await sdkError(query(tokenA, fields)), JSON.stringify(fields)).toMatchObject({ code, statusCode: 400 });
      }
      expect(await sdkError(query(tokenB, { processQueryKey: key, openConversationId: 'cidGroupB==', robotCode: 'appB' }))).toMatchObject({
        code: 'invalid.processQueryKey',
      });
    });

    it('answers processQueryKey.expireTime once 24 hours have passed on the clock, and still answers just before', async () => {
      const key = await sent();
      dingo.clock.advance(DAY_MS - 1000);
      await renewTokens();
      expect((await query(tokenA, { processQueryKey: key })).statusCode).toBe(200);
      dingo.clock.advance(1001);
      expect(await sdkError(query(tokenA, { processQueryKey: key }))).toMatchObject({ code: 'processQueryKey.expireTime', statusCode: 400 });
    });
  });

  describe('recall', () => {
    it("removes the message from every member's inbox; the query then says RECALLED; recalling again succeeds", async () => {
      const key = await sent();
      const kept = await sent();
      expect((await recall(tokenA, { processQueryKeys: [key] })).body).toEqual({ successResult: [key], failedResult: {} });
      for (const member of MEMBERS) expect((await inbox(member)).map((m) => m.processQueryKey)).toEqual([kept]);
      expect((await query(tokenA, { processQueryKey: key })).body?.sendStatus).toBe('RECALLED');
      expect((await recall(tokenA, { processQueryKeys: [key] })).body?.successResult).toEqual([key]);
    });

    it('answers the request-level codes of the person-to-person recall', async () => {
      const key = await sent();
      const cases: Array<[Partial<RobotSdk.OrgGroupRecallRequest>, string]> = [
        [{ openConversationId: undefined, processQueryKeys: [key] }, 'miss.openConversationId'],
        [{ robotCode: undefined, processQueryKeys: [key] }, 'miss.chatbotId'],
        [{ processQueryKeys: [] }, 'invalidParameter.processQueryKey.missing'],
        [{ processQueryKeys: Array.from({ length: 21 }, (_, i) => `k${i}`) }, 'invalidParameter.processQueryKeys.overMax'],
        [{ openConversationId: 'cidNope==', processQueryKeys: [key] }, 'invalid.openConversationId'],
        [{ openConversationId: 'cidGroupB==', processQueryKeys: [key] }, 'invalid.openConversationId'],
        [{ openConversationId: 'cidAliceBob==', processQueryKeys: [key] }, 'invalid.openConversationId'],
        [{ robotCode: 'nope', processQueryKeys: [key] }, 'invalidParameter.robotCode.notExsit'],
      ];
      for (const [fields, code] of cases) {
        expect(await sdkError(recall(tokenA, fields)), JSON.stringify(fields)).toMatchObject({ code, statusCode: 400 });
      }
      expect(await inbox('alice')).toHaveLength(1);
    });

    it('gives per-key reasons: unknown, of another group, of another robot, expired', async () => {
      const key = await sent();
      const bySuiteBot = await sent(await suiteToken(), { robotCode: 'suiteBot' });
      const response = await recall(tokenA, { processQueryKeys: ['unknown', bySuiteBot, key] });
      expect(response.body).toEqual({ successResult: [key], failedResult: { unknown: 'invalid.processQueryKey', [bySuiteBot]: 'not.allowed.robotCode' } });
      const elsewhere = await recall(tokenA, { openConversationId: 'cidQuietGroup==', processQueryKeys: [bySuiteBot] });
      expect(elsewhere.body?.failedResult).toEqual({ [bySuiteBot]: 'invalid.processQueryKey' });

      const late = await sent();
      dingo.clock.advance(DAY_MS + 1);
      await renewTokens();
      expect((await recall(tokenA, { processQueryKeys: [late] })).body?.failedResult).toEqual({ [late]: 'robot.processQueryKey.expired' });
      expect((await inbox('bob')).map((m) => m.processQueryKey)).toContain(late);
    });
  });

  describe('in the web client and the console', () => {
    it('lists the group with its title and unread count for each member; opening it reads it for that member only', async () => {
      const key = await sent();
      const bob = await signInAs(dingo, 'corpA', 'bob');
      const chatId = `group:${GROUP}`;
      expect((await call(dingo, bob, '/api/chats')).body.chats).toEqual([
        expect.objectContaining({ chatId, kind: 'group', title: 'Team A', subtitle: 'Group · 3 members · robots: Robot A, Stopped Robot, Suite Bot', unreadCount: 1 }),
      ]);
      const opened = await call(dingo, bob, `/api/chats/${encodeURIComponent(chatId)}/messages`);
      expect(opened.body.messages).toEqual([
        expect.objectContaining({ processQueryKey: key, sender: { kind: 'robot', id: 'appA', name: 'Robot A' }, readAt: null }),
      ]);
      expect((await call(dingo, bob, `/api/chats/${encodeURIComponent(chatId)}/read`, { method: 'POST' })).body).toEqual({ read: 1 });
      expect((await query(tokenA, { processQueryKey: key })).body?.readUserIds).toEqual(['bob']);
      const alice = await signInAs(dingo, 'corpA', 'alice');
      expect((await call(dingo, alice, '/api/chats')).body.chats).toEqual([expect.objectContaining({ chatId, unreadCount: 1 })]);
      // Not a member: no such chat.
      const dave = await signInAs(dingo, 'corpA', 'dave');
      expect((await call(dingo, dave, `/api/chats/${encodeURIComponent(chatId)}/messages`)).status).toBe(404);
    });

    it('names the chat of a group message in live events: group:<openConversationId> for members, nothing for others', () => {
      const event = { type: 'delivered', corpId: 'corpA', processQueryKey: 'k', robotCode: 'appA', chatKind: 'group', openConversationId: GROUP, userIds: MEMBERS, at: 1 } as const;
      expect(liveEventFor(event, { corpId: 'corpA', userId: 'bob', isAdmin: false })).toEqual({
        type: 'delivered',
        processQueryKey: 'k',
        chatId: `group:${GROUP}`,
      });
      expect(liveEventFor(event, { corpId: 'corpA', userId: 'dave', isAdmin: false })).toBeUndefined();
    });

    it('shows groups in the console directory, edits them with the seed rules, and logs group messages with per-member read state', async () => {
      const admin = await signInAs(dingo, 'corpA', 'alice');
      const directory = await call(dingo, admin, '/api/console/directory');
      expect(directory.body.groups).toEqual([
        { openConversationId: GROUP, title: 'Team A', owner: 'alice', members: ['alice', 'bob', 'carol'], robots: ['appA', 'robotStopped', 'suiteBot'] },
        { openConversationId: 'cidQuietGroup==', title: 'Quiet', owner: 'dave', members: ['dave'], robots: [] },
      ]);
      const put = (id: string, json: unknown) => call(dingo, admin, `/api/console/groups/${encodeURIComponent(id)}`, { method: 'PUT', json });
      const created = await put('cidNewGroup==', { title: 'New', owner: 'bob', members: ['bob', 'dave'], robots: ['appA2'] });
      expect(created.body.groups).toContainEqual({ openConversationId: 'cidNewGroup==', title: 'New', owner: 'bob', members: ['bob', 'dave'], robots: ['appA2'] });
      for (const [id, json, problem] of [
        ['cidX==', { title: 'X', owner: 'bob', members: ['alice'], robots: [] }, 'must be one of the members'],
        ['cidX==', { title: 'X', owner: 'erin', members: ['erin'], robots: [] }, 'is not a user of this corp'],
        ['cidX==', { title: 'X', owner: 'bob', members: ['bob'], robots: ['appB'] }, 'is not a robot of this corp'],
        ['cidAliceBob==', { title: 'X', owner: 'bob', members: ['bob'], robots: [] }, 'already a person-to-person chat'],
      ] as const) {
        const refused = await put(id, json);
        expect(refused, problem).toMatchObject({ status: 400, body: { code: 'invalidParameter.param.invalid' } });
        expect(refused.body.message).toContain(problem);
      }
      const chat = await call(dingo, admin, `/api/console/private-chats/${encodeURIComponent(GROUP)}`, { method: 'PUT', json: { members: ['alice', 'bob'], coolApps: [] } });
      expect(chat).toMatchObject({ status: 400, body: { message: expect.stringContaining('already a group') } });

      const key = await sent();
      await read('carol', key);
      const log = await call(dingo, admin, '/api/console/messages');
      expect(log.body.messages).toEqual([
        expect.objectContaining({
          processQueryKey: key,
          chatKind: 'group',
          openConversationId: GROUP,
          recipients: [
            expect.objectContaining({ userId: 'alice', readStatus: 'UNREAD' }),
            expect.objectContaining({ userId: 'bob', readStatus: 'UNREAD' }),
            expect.objectContaining({ userId: 'carol', readStatus: 'READ' }),
          ],
        }),
      ]);
      expect((await call(dingo, admin, '/api/console/messages/recall', { method: 'POST', json: { processQueryKey: key } })).body).toEqual({
        successResult: [key],
        failedResult: {},
      });
      for (const member of MEMBERS) expect(await inbox(member)).toEqual([]);
    });
  });
});
