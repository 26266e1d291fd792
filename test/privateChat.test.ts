import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { oauthSdk, robotSdk, runtime, sdkError, startTestDingo, type RobotSdk, type TestDingo } from './harness.js';

const CHAT = 'cidAliceBob==';
const markdown = { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: 'Hi', text: '## Hello chat' }) };

describe('robot messages in person-to-person chats, through the official SDK', () => {
  let dingo: TestDingo;
  let tokenA: string;
  let tokenB: string;
  let tokenA2: string;

  const send = (token: string, fields: Partial<RobotSdk.PrivateChatSendRequest>) =>
    dingo.robot.privateChatSendWithOptions(
      new robotSdk.PrivateChatSendRequest({ openConversationId: CHAT, robotCode: 'appA', coolAppCode: 'COOL-A', ...markdown, ...fields }),
      new robotSdk.PrivateChatSendHeaders({ xAcsDingtalkAccessToken: token }),
      runtime,
    );
  const query = (token: string, fields: Partial<RobotSdk.PrivateChatQueryRequest>) =>
    dingo.robot.privateChatQueryWithOptions(
      new robotSdk.PrivateChatQueryRequest(fields),
      new robotSdk.PrivateChatQueryHeaders({ xAcsDingtalkAccessToken: token }),
      runtime,
    );
  const recall = (token: string, fields: Partial<RobotSdk.BatchRecallPrivateChatRequest>) =>
    dingo.robot.batchRecallPrivateChatWithOptions(
      new robotSdk.BatchRecallPrivateChatRequest({ openConversationId: CHAT, robotCode: 'appA', ...fields }),
      new robotSdk.BatchRecallPrivateChatHeaders({ xAcsDingtalkAccessToken: token }),
      runtime,
    );
  const sent = async (token = tokenA, fields: Partial<RobotSdk.PrivateChatSendRequest> = {}) => {
    const response = await send(token, fields);
    expect(response.statusCode).toBe(200);
    return response.body?.processQueryKey as string;
  };
  const read = async (userId: string, processQueryKey: string, corpId = 'corpA') => {
    const response = await dingo.http('/_dingo/read', { method: 'POST', json: { corpId, userId, processQueryKey } });
    expect(response.status).toBe(200);
  };
  const inbox = async (userId: string, corpId = 'corpA') =>
    (await dingo.http(`/_dingo/inbox?corpId=${corpId}&userId=${userId}`)).body.messages as Array<Record<string, unknown>>;

  beforeAll(async () => {
    dingo = await startTestDingo();
  });
  afterAll(() => dingo.close());
  beforeEach(async () => {
    await dingo.http('/_dingo/reset', { method: 'POST' });
    // Tests move the clock by days: ask again, which renews or replaces the tokens.
    tokenA = await dingo.appToken('appA', 'secretA');
    tokenB = await dingo.appToken('appB', 'secretB');
    tokenA2 = await dingo.appToken('appA2', 'secretA2');
  });

  describe('send', () => {
    it('delivers to both members of the chat, and nobody else', async () => {
      const key = await sent();
      expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      for (const member of ['alice', 'bob']) {
        const messages = await inbox(member);
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatchObject({ processQueryKey: key, openConversationId: CHAT, robotCode: 'appA', read: false, ...markdown });
      }
      expect(await inbox('carol')).toEqual([]);
    });

    it('is not flow-controlled', async () => {
      const flowLimited = await startTestDingo({ flowLimit: 1 });
      try {
        const token = await flowLimited.appToken('appA', 'secretA');
        for (let i = 0; i < 3; i++) {
          const response = await flowLimited.robot.privateChatSendWithOptions(
            new robotSdk.PrivateChatSendRequest({ openConversationId: CHAT, robotCode: 'appA', coolAppCode: 'COOL-A', ...markdown }),
            new robotSdk.PrivateChatSendHeaders({ xAcsDingtalkAccessToken: token }),
            runtime,
          );
          expect(response.statusCode).toBe(200);
        }
        const messages = (await flowLimited.http('/_dingo/inbox?corpId=corpA&userId=alice')).body.messages;
        expect(messages).toHaveLength(3);
      } finally {
        await flowLimited.close();
      }
    });

    it.each([
      ['openConversationId', { openConversationId: undefined }, 'miss.openConversationId'],
      ['robotCode', { robotCode: undefined }, 'miss.chatbotId'],
      ['coolAppCode', { coolAppCode: undefined }, 'invalidParameter.param.invalid'],
      ['msgKey', { msgKey: undefined }, 'invalidParameter.msgKey.empty'],
      ['msgParam', { msgParam: '[1]' }, 'invalidParameter.msgParam.invalid'],
      ['a template field', { msgKey: 'sampleText', msgParam: '{}' }, 'miss.param.contentOfText'],
    ])('refuses a request without %s with its code, and delivers nothing', async (_name, fields, code) => {
      const error = await sdkError(send(tokenA, fields));
      expect(error).toMatchObject({ code, statusCode: 400 });
      expect(await inbox('alice')).toEqual([]);
    });

    it('answers invalid.openConversationId for an unknown chat and for a chat of another corp', async () => {
      expect(await sdkError(send(tokenA, { openConversationId: 'cidNope==' }))).toMatchObject({ code: 'invalid.openConversationId', statusCode: 400 });
      // Tenancy wins over page 002's conversation.org.dismatch: another corp's chat is as unknown as a made-up one.
      const foreign = await sdkError(send(tokenA, { openConversationId: 'cidErinAlice==' }));
      expect(foreign).toMatchObject({ code: 'invalid.openConversationId' });
      expect(foreign.code).not.toBe('conversation.org.dismatch');
      expect(await inbox('erin', 'corpB')).toEqual([]);
    });

    it('answers invalidParameter.robotCode.notExsit for a robot the app does not own', async () => {
      expect(await sdkError(send(tokenA, { robotCode: 'nope' }))).toMatchObject({ code: 'invalidParameter.robotCode.notExsit' });
      expect(await sdkError(send(tokenA2, { robotCode: 'appA' }))).toMatchObject({ code: 'invalidParameter.robotCode.notExsit' });
      expect(await sdkError(send(tokenA, { robotCode: 'suiteBot', coolAppCode: 'COOL-SUITE' }))).toMatchObject({
        code: 'invalidParameter.robotCode.notExsit',
      });
    });

    it('answers template.stopped for a stopped robot', async () => {
      expect(await sdkError(send(tokenA, { robotCode: 'robotStopped' }))).toMatchObject({ code: 'template.stopped', statusCode: 400 });
    });

    it('answers invalidParameter.robotCode when the robot is not installed in the chat through that cool app', async () => {
      // COOL-A is not installed in the chat of Carol and Dave.
      expect(await sdkError(send(tokenA, { openConversationId: 'cidCarolDave==' }))).toMatchObject({ code: 'invalidParameter.robotCode' });
      // COOL-SUITE brings suiteBot, not appA.
      expect(await sdkError(send(tokenA, { coolAppCode: 'COOL-SUITE' }))).toMatchObject({ code: 'invalidParameter.robotCode' });
      expect(await sdkError(send(tokenA, { coolAppCode: 'COOL-NOPE' }))).toMatchObject({ code: 'invalidParameter.robotCode' });
      expect(await inbox('carol')).toEqual([]);
    });
  });

  describe('query', () => {
    it('lists nobody before a read, then the readers in order of first read, with SUCCESS', async () => {
      const key = await sent();
      expect((await query(tokenA, { openConversationId: CHAT, robotCode: 'appA', processQueryKey: key })).body).toMatchObject({
        sendStatus: 'SUCCESS',
        readUserIds: [],
        hasMore: false,
      });
      await read('bob', key);
      dingo.clock.advance(5);
      await read('alice', key);
      await read('bob', key); // a second read keeps Bob's first read time
      const response = await query(tokenA, { processQueryKey: key });
      expect(response.body).toMatchObject({ sendStatus: 'SUCCESS', readUserIds: ['bob', 'alice'], hasMore: false });
      expect(response.body?.nextToken).toBeUndefined();
    });

    it('pages with maxResults 1: no reader lost or repeated, hasMore exact, no nextToken on the last page', async () => {
      const key = await sent();
      await read('alice', key);
      dingo.clock.advance(5);
      await read('bob', key);
      const first = await query(tokenA, { processQueryKey: key, maxResults: 1 });
      expect(first.body).toMatchObject({ readUserIds: ['alice'], hasMore: true });
      expect(first.body?.nextToken).toEqual(expect.any(String));
      const second = await query(tokenA, { processQueryKey: key, maxResults: 1, nextToken: first.body?.nextToken });
      expect(second.body).toMatchObject({ readUserIds: ['bob'], hasMore: false });
      expect(second.body?.nextToken).toBeUndefined();
      // A page size of 2 gets both at once, and exactly: no further page.
      const whole = await query(tokenA, { processQueryKey: key, maxResults: 2 });
      expect(whole.body).toMatchObject({ readUserIds: ['alice', 'bob'], hasMore: false });
    });

    it('orders readers with the same first read time by userId', async () => {
      const frozen = await startTestDingo();
      try {
        // Two reads in one instant: stop time by reading through the domain with the same clock value.
        const token = await frozen.appToken('appA', 'secretA');
        const key = (
          await frozen.robot.privateChatSendWithOptions(
            new robotSdk.PrivateChatSendRequest({ openConversationId: CHAT, robotCode: 'appA', coolAppCode: 'COOL-A', ...markdown }),
            new robotSdk.PrivateChatSendHeaders({ xAcsDingtalkAccessToken: token }),
            runtime,
          )
        ).body?.processQueryKey as string;
        await frozen.services.store.messages.markRead('corpA', key, 'bob', 1_000);
        await frozen.services.store.messages.markRead('corpA', key, 'alice', 1_000);
        const response = await frozen.robot.privateChatQueryWithOptions(
          new robotSdk.PrivateChatQueryRequest({ processQueryKey: key, maxResults: 1 }),
          new robotSdk.PrivateChatQueryHeaders({ xAcsDingtalkAccessToken: token }),
          runtime,
        );
        expect(response.body?.readUserIds).toEqual(['alice']);
        const next = await frozen.robot.privateChatQueryWithOptions(
          new robotSdk.PrivateChatQueryRequest({ processQueryKey: key, maxResults: 1, nextToken: response.body?.nextToken }),
          new robotSdk.PrivateChatQueryHeaders({ xAcsDingtalkAccessToken: token }),
          runtime,
        );
        expect(next.body?.readUserIds).toEqual(['bob']);
      } finally {
        await frozen.close();
      }
    });

    it('refuses forged, altered, truncated and foreign nextTokens with invalidParameter.cursor.invalid', async () => {
      const key = await sent();
      const other = await sent();
      for (const k of [key, other]) {
        await read('alice', k);
        await read('bob', k);
      }
      const token = (await query(tokenA, { processQueryKey: key, maxResults: 1 })).body?.nextToken as string;
      const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
      for (const nextToken of ['50', 'bm90IGEgdG9rZW4', flipped, token.slice(0, -3), `${token}x`]) {
        expect(await sdkError(query(tokenA, { processQueryKey: key, maxResults: 1, nextToken }))).toMatchObject({
          code: 'invalidParameter.cursor.invalid',
          statusCode: 400,
        });
      }
      // Issued for another message of the same corp: refused.
      expect(await sdkError(query(tokenA, { processQueryKey: other, maxResults: 1, nextToken: token }))).toMatchObject({
        code: 'invalidParameter.cursor.invalid',
      });
      // The genuine token still works.
      expect((await query(tokenA, { processQueryKey: key, maxResults: 1, nextToken: token })).body?.readUserIds).toEqual(['bob']);
    });

    it('refuses maxResults over 200 (or under 1) with invalidParameter.pageSize.invalid; 200 is allowed', async () => {
      const key = await sent();
      expect(await sdkError(query(tokenA, { processQueryKey: key, maxResults: 201 }))).toMatchObject({
        code: 'invalidParameter.pageSize.invalid',
        statusCode: 400,
      });
      expect(await sdkError(query(tokenA, { processQueryKey: key, maxResults: 0 }))).toMatchObject({ code: 'invalidParameter.pageSize.invalid' });
      expect((await query(tokenA, { processQueryKey: key, maxResults: 200 })).statusCode).toBe(200);
    });

    it('answers every code of page 002', async () => {
      const key = await sent();
      const oneToOne = await dingo.robot.batchSendOTOWithOptions(
        new robotSdk.BatchSendOTORequest({ robotCode: 'appA', userIds: ['alice'], msgKey: 'sampleText', msgParam: '{"content":"x"}' }),
        new robotSdk.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: tokenA }),
        runtime,
      );
      const cases: Array<[Partial<RobotSdk.PrivateChatQueryRequest>, string]> = [
        [{}, 'invalidParameter.processQueryKey.missing'],
        [{ processQueryKey: 'unknownKey' }, 'invalid.processQueryKey'],
        [{ processQueryKey: oneToOne.body?.processQueryKey }, 'invalid.processQueryKey'],
        [{ processQueryKey: key, openConversationId: 'cidCarolDave==' }, 'invalid.processQueryKey'],
        [{ processQueryKey: key, openConversationId: 'cidNope==' }, 'invalid.openConversationId'],
        [{ processQueryKey: key, openConversationId: 'cidErinAlice==' }, 'invalid.openConversationId'],
        [{ processQueryKey: key, robotCode: 'nope' }, 'invalidParameter.robotCode.notExsit'],
        [{ processQueryKey: key, robotCode: 'robotStopped' }, 'invalid.processQueryKey'],
      ];
      for (const [fields, code] of cases) {
        expect(await sdkError(query(tokenA, fields)), JSON.stringify(fields)).toMatchObject({ code, statusCode: 400 });
      }
    });

    it('answers processQueryKey.expireTime after 24 hours, and still answers just before', async () => {
      const key = await sent();
      dingo.clock.advance(24 * 3600_000 - 1000);
      tokenA = await dingo.appToken('appA', 'secretA'); // the old one lived 7200 s
      expect((await query(tokenA, { processQueryKey: key })).statusCode).toBe(200);
      dingo.clock.advance(1001);
      tokenA = await dingo.appToken('appA', 'secretA'); // the old one lived 7200 s
      expect(await sdkError(query(tokenA, { processQueryKey: key }))).toMatchObject({ code: 'processQueryKey.expireTime', statusCode: 400 });
    });

    it('answers a key of another corp exactly like an unknown key', async () => {
      const key = await sent();
      const foreign = await sdkError(query(tokenB, { processQueryKey: key }));
      const unknown = await sdkError(query(tokenB, { processQueryKey: 'made-up' }));
      expect(foreign.code).toBe('invalid.processQueryKey');
      expect(foreign.code).toBe(unknown.code);
      expect(foreign.data.message).toBe(unknown.data.message);
    });
  });

  describe('batchRecall', () => {
    it('recalls for both members; the query then says RECALLED; recalling again succeeds', async () => {
      const key = await sent();
      const response = await recall(tokenA, { processQueryKeys: [key] });
      expect(response.body).toMatchObject({ successResult: [key], failedResult: {} });
      expect(await inbox('alice')).toEqual([]);
      expect(await inbox('bob')).toEqual([]);
      expect((await query(tokenA, { processQueryKey: key })).body?.sendStatus).toBe('RECALLED');
      expect((await recall(tokenA, { processQueryKeys: [key] })).body?.successResult).toEqual([key]);
    });

    it('answers the request-level codes of page 001', async () => {
      const key = await sent();
      const cases: Array<[Partial<RobotSdk.BatchRecallPrivateChatRequest>, string]> = [
        [{ openConversationId: undefined, processQueryKeys: [key] }, 'miss.openConversationId'],
        [{ robotCode: undefined, processQueryKeys: [key] }, 'miss.chatbotId'],
        [{ processQueryKeys: [] }, 'invalidParameter.processQueryKey.missing'],
        [{ processQueryKeys: Array.from({ length: 21 }, (_, i) => `k${i}`) }, 'invalidParameter.processQueryKeys.overMax'],
        [{ openConversationId: 'cidNope==', processQueryKeys: [key] }, 'invalid.openConversationId'],
        [{ openConversationId: 'cidErinAlice==', processQueryKeys: [key] }, 'invalid.openConversationId'],
        [{ robotCode: 'nope', processQueryKeys: [key] }, 'invalidParameter.robotCode.notExsit'],
      ];
      for (const [fields, code] of cases) {
        expect(await sdkError(recall(tokenA, fields)), JSON.stringify(fields)).toMatchObject({ code, statusCode: 400 });
      }
      expect(await inbox('alice')).toHaveLength(1);
    });

    it('gives per-key reasons: unknown, of another chat, one-to-one, of another robot, expired', async () => {
      const key = await sent();
      const suiteToken = (
        await dingo.oauth.getCorpAccessToken(
          new oauthSdk.GetCorpAccessTokenRequest({ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpA', suiteTicket: 't' }),
        )
      ).body?.accessToken as string;
      const bySuiteBot = await sent(suiteToken, { robotCode: 'suiteBot', coolAppCode: 'COOL-SUITE' });
      const oneToOne = (
        await dingo.robot.batchSendOTOWithOptions(
          new robotSdk.BatchSendOTORequest({ robotCode: 'appA', userIds: ['alice'], msgKey: 'sampleText', msgParam: '{"content":"x"}' }),
          new robotSdk.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: tokenA }),
          runtime,
        )
      ).body?.processQueryKey as string;
      // Every key failing is still a 200 with the reasons (page 000's notRevoke.all.messages is not used).
      const allFailed = await recall(tokenA, { processQueryKeys: ['unknown', oneToOne] });
      expect(allFailed.statusCode).toBe(200);
      expect(JSON.stringify(allFailed.body)).not.toContain('notRevoke.all.messages');
      expect(allFailed.body).toMatchObject({ successResult: [], failedResult: { unknown: 'invalid.processQueryKey', [oneToOne]: 'invalid.processQueryKey' } });
      const response = await recall(tokenA, { processQueryKeys: ['unknown', oneToOne, bySuiteBot, key] });
      expect(response.body).toMatchObject({
        successResult: [key],
        failedResult: { unknown: 'invalid.processQueryKey', [oneToOne]: 'invalid.processQueryKey', [bySuiteBot]: 'not.allowed.robotCode' },
      });
      // A person-to-person key is unknown to the one-to-one recall.
      const suiteKeyViaOto = await dingo.robot.batchRecallOTOWithOptions(
        new robotSdk.BatchRecallOTORequest({ robotCode: 'suiteBot', processQueryKeys: [bySuiteBot] }),
        new robotSdk.BatchRecallOTOHeaders({ xAcsDingtalkAccessToken: suiteToken }),
        runtime,
      );
      expect(suiteKeyViaOto.body?.failedResult).toEqual({ [bySuiteBot]: 'invalid.processQueryKey' });

      const late = await sent();
      dingo.clock.advance(24 * 3600_000 + 1);
      tokenA = await dingo.appToken('appA', 'secretA'); // the old one lived 7200 s
      expect((await recall(tokenA, { processQueryKeys: [late] })).body?.failedResult).toEqual({ [late]: 'robot.processQueryKey.expired' });
      expect(await inbox('alice')).toEqual(expect.arrayContaining([expect.objectContaining({ processQueryKey: late })]));
    });

    it('never lets corp B recall a message of corp A', async () => {
      const key = await sent();
      expect(await sdkError(recall(tokenB, { openConversationId: CHAT, robotCode: 'appB', processQueryKeys: [key] }))).toMatchObject({
        code: 'invalid.openConversationId',
      });
      const inOwnChat = await recall(tokenB, { openConversationId: 'cidErinAlice==', robotCode: 'appB', processQueryKeys: [key] });
      expect(inOwnChat.body?.failedResult).toEqual({ [key]: 'invalid.processQueryKey' });
      expect(await inbox('alice')).toHaveLength(1);
    });
  });

  describe('third-party apps (suites)', () => {
    it("sends with a corpAccessToken into an authorising corp's chat, through the suite's cool app", async () => {
      const response = await dingo.oauth.getCorpAccessToken(
        new oauthSdk.GetCorpAccessTokenRequest({ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpA', suiteTicket: 'ticket' }),
      );
      const key = await sent(response.body?.accessToken as string, { robotCode: 'suiteBot', coolAppCode: 'COOL-SUITE' });
      expect(await inbox('bob')).toEqual([expect.objectContaining({ processQueryKey: key, robotCode: 'suiteBot' })]);
    });

    it('gets no token for a corp that did not authorise the suite', async () => {
      const error = await sdkError(
        dingo.oauth.getCorpAccessToken(
          new oauthSdk.GetCorpAccessTokenRequest({ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpB', suiteTicket: 'ticket' }),
        ),
      );
      expect(error).toMatchObject({ code: 'invalidAuthCorpId', statusCode: 400 });
    });
  });
});
