import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeOptions } from '@alicloud/tea-util';
import { robotSdk, sdkError, startTestDingo, type RobotSdk, type TestDingo } from './harness.js';
import { directoryWithSecondRobot, inbox, inboxKeys, markRead, otoClient, SECOND_ROBOT, sendOk, textTo, type OtoClient } from './oto.js';

/** A key nobody ever got, shaped like a real one. */
const MADE_UP = 'q7ftCNBq3hz3dGpPc0MlJ+x0ZmWiT4qKx/1eTQ8vKzE=';

/** What an SDK call that failed answered, without its request id. */
async function answerOf(call: Promise<unknown>) {
  const error = await sdkError(call);
  return { statusCode: error.statusCode, code: error.code, message: error.data?.message as unknown };
}

describe('tenancy and robot boundaries of one-to-one messages', () => {
  let dingo: TestDingo;
  let a: OtoClient;
  let a2: OtoClient;
  let b: OtoClient;
  /** A message of corp A's robot appA to alice, bob and carol of corp A. */
  let keyOfA = '';
  /** A message of corp B's robot appB to alice and erin of corp B. */
  let keyOfB = '';

  beforeAll(async () => {
    dingo = await startTestDingo({}, directoryWithSecondRobot());
    a = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
    a2 = otoClient(dingo, await dingo.appToken('appA2', 'secretA2'));
    b = otoClient(dingo, await dingo.appToken('appB', 'secretB'));
    keyOfA = (await sendOk(a, textTo('appA', ['alice', 'bob', 'carol'], 'for corp A'))).processQueryKey;
    keyOfB = (await sendOk(b, textTo('appB', ['alice', 'erin'], 'for corp B'))).processQueryKey;
  });
  afterAll(() => dingo.close());

  describe('a token of corp B', () => {
    it("cannot read the status of corp A's message: answered as a made-up key", async () => {
      const madeUp = await answerOf(b.readStatus({ robotCode: 'appB', processQueryKey: MADE_UP }));
      expect(madeUp).toMatchObject({ statusCode: 400, code: 'invalid.processQueryKey' });
      expect(await answerOf(b.readStatus({ robotCode: 'appB', processQueryKey: keyOfA }))).toEqual(madeUp);
    });

    it("cannot recall corp A's message: the same per-key reason as a made-up key, and the message stays", async () => {
      const recall = await b.recall({ robotCode: 'appB', processQueryKeys: [keyOfA, MADE_UP] });
      expect(recall.statusCode).toBe(200);
      expect(recall.body?.successResult).toEqual([]);
      expect(recall.body?.failedResult).toEqual({ [keyOfA]: 'invalid.processQueryKey', [MADE_UP]: 'invalid.processQueryKey' });
      for (const userId of ['alice', 'bob', 'carol']) expect(await inboxKeys(dingo, 'corpA', userId)).toContain(keyOfA);
      expect((await a.readStatus({ robotCode: 'appA', processQueryKey: keyOfA })).body?.sendStatus).toBe('SUCCESS');
    });

    it("cannot detect corp A's robots: answered as an unknown robot on every endpoint", async () => {
      for (const robotCode of ['appA', 'appA2', SECOND_ROBOT, 'suiteBot']) {
        expect(await answerOf(b.send(textTo(robotCode, ['erin'])))).toEqual(await answerOf(b.send(textTo('noSuchRobot', ['erin']))));
        expect(await answerOf(b.readStatus({ robotCode, processQueryKey: keyOfA }))).toEqual(
          await answerOf(b.readStatus({ robotCode: 'noSuchRobot', processQueryKey: keyOfA })),
        );
        expect(await answerOf(b.recall({ robotCode, processQueryKeys: [keyOfA] }))).toEqual(
          await answerOf(b.recall({ robotCode: 'noSuchRobot', processQueryKeys: [keyOfA] })),
        );
      }
      expect(await answerOf(b.send(textTo('appA', ['erin'])))).toMatchObject({ statusCode: 400, code: 'invalidParameter.robotCode.notExsit' });
    });

    it("cannot reach corp A's users: a send to corp A's userIds lists them invalid, except corp B's own alice", async () => {
      const sent = await sendOk(b, textTo('appB', ['alice', 'bob', 'carol', 'dave']));
      expect([...sent.invalidStaffIdList].sort()).toEqual(['bob', 'carol', 'dave']);
      for (const userId of ['bob', 'carol', 'dave']) expect(await inboxKeys(dingo, 'corpA', userId)).not.toContain(sent.processQueryKey);
      expect(await inboxKeys(dingo, 'corpA', 'alice')).not.toContain(sent.processQueryKey);
      expect(await inboxKeys(dingo, 'corpB', 'alice')).toContain(sent.processQueryKey);
      const status = await b.readStatus({ robotCode: 'appB', processQueryKey: sent.processQueryKey });
      expect(status.body?.messageReadInfoList?.map((e) => ({ name: e.name, userId: e.userId }))).toEqual([{ name: 'Alice of B', userId: 'alice' }]);
    });
  });

  describe('a robot', () => {
    it("cannot read another robot's message, of the same app or of another app: answered as a made-up key", async () => {
      const madeUp = await answerOf(a.readStatus({ robotCode: SECOND_ROBOT, processQueryKey: MADE_UP }));
      expect(madeUp).toMatchObject({ statusCode: 400, code: 'invalid.processQueryKey' });
      expect(await answerOf(a.readStatus({ robotCode: SECOND_ROBOT, processQueryKey: keyOfA }))).toEqual(madeUp);
      expect(await answerOf(a2.readStatus({ robotCode: 'appA2', processQueryKey: keyOfA }))).toEqual(madeUp);
    });

    it("cannot recall another robot's message: not.allowed.robotCode, and the message stays", async () => {
      const sameApp = await a.recall({ robotCode: SECOND_ROBOT, processQueryKeys: [keyOfA] });
      expect(sameApp.statusCode).toBe(200);
      expect(sameApp.body?.successResult).toEqual([]);
      expect(sameApp.body?.failedResult).toEqual({ [keyOfA]: 'not.allowed.robotCode' });

      const otherApp = await a2.recall({ robotCode: 'appA2', processQueryKeys: [keyOfA] });
      expect(otherApp.statusCode).toBe(200);
      expect(otherApp.body?.successResult).toEqual([]);
      expect(otherApp.body?.failedResult).toEqual({ [keyOfA]: 'not.allowed.robotCode' });

      for (const userId of ['alice', 'bob', 'carol']) expect(await inboxKeys(dingo, 'corpA', userId)).toContain(keyOfA);
      expect((await a.readStatus({ robotCode: 'appA', processQueryKey: keyOfA })).body?.sendStatus).toBe('SUCCESS');
    });

    it("of one app cannot be used with another app's token, even in the same corp", async () => {
      expect(await answerOf(a2.send(textTo('appA', ['alice'])))).toMatchObject({ statusCode: 400, code: 'invalidParameter.robotCode.notExsit' });
      expect(await answerOf(a2.readStatus({ robotCode: 'appA', processQueryKey: keyOfA }))).toMatchObject({
        statusCode: 400,
        code: 'invalidParameter.robotCode.notExsit',
      });
      expect(await answerOf(a2.recall({ robotCode: 'appA', processQueryKeys: [keyOfA] }))).toMatchObject({ statusCode: 400, code: 'invalidParameter.robotCode' });
      expect(await inboxKeys(dingo, 'corpA', 'alice')).toContain(keyOfA);
    });
  });

  describe("corp B's alice, another person with the same userId", () => {
    it("never sees corp A's messages, and corp A's alice never sees corp B's", async () => {
      const ofA = await inbox(dingo, 'corpA', 'alice');
      const ofB = await inbox(dingo, 'corpB', 'alice');
      expect(ofA.map((m) => m.processQueryKey)).toContain(keyOfA);
      expect(ofA.map((m) => m.processQueryKey)).not.toContain(keyOfB);
      expect(ofB.map((m) => m.processQueryKey)).toContain(keyOfB);
      expect(ofB.map((m) => m.processQueryKey)).not.toContain(keyOfA);
      expect(ofB.every((m) => m.robotCode === 'appB')).toBe(true);
      expect(ofA.every((m) => m.robotCode !== 'appB')).toBe(true);
    });

    it("cannot read corp A's message through the control plane, and corp A's alice stays unread", async () => {
      const read = await markRead(dingo, 'corpB', 'alice', keyOfA);
      expect(read.status).toBe(400);
      expect(read.body.code).toBe('invalid.processQueryKey');
      const entry = (await a.readStatus({ robotCode: 'appA', processQueryKey: keyOfA })).body?.messageReadInfoList?.find((e) => e.userId === 'alice');
      expect(entry?.readStatus).toBe('UNREAD');
      expect((await inbox(dingo, 'corpA', 'alice')).find((m) => m.processQueryKey === keyOfA)?.read).toBe(false);
    });

    it("reading as corp A's alice leaves corp B's alice unread, and the other way round", async () => {
      expect((await markRead(dingo, 'corpA', 'alice', keyOfA)).status).toBe(200);
      const ofB = (await b.readStatus({ robotCode: 'appB', processQueryKey: keyOfB })).body?.messageReadInfoList;
      expect(ofB?.find((e) => e.userId === 'alice')?.readStatus).toBe('UNREAD');

      expect((await markRead(dingo, 'corpB', 'alice', keyOfB)).status).toBe(200);
      const ofBAfter = (await b.readStatus({ robotCode: 'appB', processQueryKey: keyOfB })).body?.messageReadInfoList;
      expect(ofBAfter?.find((e) => e.userId === 'alice')?.readStatus).toBe('READ');
      expect(ofBAfter?.find((e) => e.userId === 'erin')?.readStatus).toBe('UNREAD');
    });

    it("does not lose corp B's messages when corp A recalls its own", async () => {
      const recall = await a.recall({ robotCode: 'appA', processQueryKeys: [keyOfA] });
      expect(recall.body?.successResult).toEqual([keyOfA]);
      expect(await inboxKeys(dingo, 'corpA', 'alice')).not.toContain(keyOfA);
      expect(await inboxKeys(dingo, 'corpB', 'alice')).toContain(keyOfB);
      expect((await b.readStatus({ robotCode: 'appB', processQueryKey: keyOfB })).body?.sendStatus).toBe('SUCCESS');
    });
  });

  describe('a person-to-person message', () => {
    it('is unknown to the one-to-one endpoints of the same robot (docs/behaviour.md, Person-to-person chats)', async () => {
      const token = await dingo.appToken('appA', 'secretA');
      const sent = await dingo.robot.privateChatSendWithOptions(
        new robotSdk.PrivateChatSendRequest({
          openConversationId: 'cidAliceBob==',
          robotCode: 'appA',
          coolAppCode: 'COOL-A',
          msgKey: 'sampleText',
          msgParam: JSON.stringify({ content: 'in a person-to-person chat' }),
        }),
        new robotSdk.PrivateChatSendHeaders({ xAcsDingtalkAccessToken: token }),
        new RuntimeOptions({}),
      );
      const key = sent.body?.processQueryKey ?? '';
      expect(key).not.toBe('');
      expect(await inboxKeys(dingo, 'corpA', 'alice')).toContain(key);

      const madeUp = await answerOf(a.readStatus({ robotCode: 'appA', processQueryKey: MADE_UP }));
      expect(await answerOf(a.readStatus({ robotCode: 'appA', processQueryKey: key }))).toEqual(madeUp);
      const recall = await a.recall({ robotCode: 'appA', processQueryKeys: [key] });
      expect(recall.statusCode).toBe(200);
      expect(recall.body?.failedResult).toEqual({ [key]: 'invalid.processQueryKey' });
      expect(await inboxKeys(dingo, 'corpA', 'alice')).toContain(key);
    });
  });

  describe('a group message', () => {
    const groupSend = (token: string, fields: Partial<RobotSdk.OrgGroupSendRequest>) =>
      dingo.robot.orgGroupSendWithOptions(
        new robotSdk.OrgGroupSendRequest({ robotCode: 'appA', msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'in a group' }), ...fields }),
        new robotSdk.OrgGroupSendHeaders({ xAcsDingtalkAccessToken: token }),
        new RuntimeOptions({}),
      );
    const groupQuery = (token: string, fields: Partial<RobotSdk.OrgGroupQueryRequest>) =>
      dingo.robot.orgGroupQueryWithOptions(
        new robotSdk.OrgGroupQueryRequest(fields),
        new robotSdk.OrgGroupQueryHeaders({ xAcsDingtalkAccessToken: token }),
        new RuntimeOptions({}),
      );
    const groupRecall = (token: string, fields: Partial<RobotSdk.OrgGroupRecallRequest>) =>
      dingo.robot.orgGroupRecallWithOptions(
        new robotSdk.OrgGroupRecallRequest(fields),
        new robotSdk.OrgGroupRecallHeaders({ xAcsDingtalkAccessToken: token }),
        new RuntimeOptions({}),
      );
    const privateQuery = (token: string, processQueryKey: string) =>
      dingo.robot.privateChatQueryWithOptions(
        new robotSdk.PrivateChatQueryRequest({ processQueryKey }),
        new robotSdk.PrivateChatQueryHeaders({ xAcsDingtalkAccessToken: token }),
        new RuntimeOptions({}),
      );
    const privateRecall = (token: string, processQueryKey: string) =>
      dingo.robot.batchRecallPrivateChatWithOptions(
        new robotSdk.BatchRecallPrivateChatRequest({ openConversationId: 'cidAliceBob==', robotCode: 'appA', processQueryKeys: [processQueryKey] }),
        new robotSdk.BatchRecallPrivateChatHeaders({ xAcsDingtalkAccessToken: token }),
        new RuntimeOptions({}),
      );

    it("cannot be sent by corp B into corp A's group, nor by corp A into corp B's: answered as an unknown group", async () => {
      const before = await inboxKeys(dingo, 'corpB', 'alice');
      const tokenB = await dingo.appToken('appB', 'secretB');
      const unknown = await answerOf(groupSend(tokenB, { openConversationId: 'cidNoSuchGroup==', robotCode: 'appB' }));
      expect(unknown).toMatchObject({ statusCode: 400, code: 'invalid.openConversationId' });
      expect(await answerOf(groupSend(tokenB, { openConversationId: 'cidGroupA==', robotCode: 'appB' }))).toEqual(unknown);
      const tokenA = await dingo.appToken('appA', 'secretA');
      expect(await answerOf(groupSend(tokenA, { openConversationId: 'cidGroupB==' }))).toEqual(unknown);
      expect(await inboxKeys(dingo, 'corpB', 'alice')).toEqual(before);
    });

    it('is unknown to the one-to-one and person-to-person endpoints, and their keys are unknown to the group endpoints', async () => {
      const token = await dingo.appToken('appA', 'secretA');
      const groupKey = (await groupSend(token, { openConversationId: 'cidGroupA==' })).body?.processQueryKey ?? '';
      expect(await inboxKeys(dingo, 'corpA', 'bob')).toContain(groupKey);
      const privateKey =
        (
          await dingo.robot.privateChatSendWithOptions(
            new robotSdk.PrivateChatSendRequest({ openConversationId: 'cidAliceBob==', robotCode: 'appA', coolAppCode: 'COOL-A', msgKey: 'sampleText', msgParam: '{"content":"p2p"}' }),
            new robotSdk.PrivateChatSendHeaders({ xAcsDingtalkAccessToken: token }),
            new RuntimeOptions({}),
          )
        ).body?.processQueryKey ?? '';
      const oneToOneKey = (await sendOk(a, textTo('appA', ['alice'], 'one-to-one'))).processQueryKey;

      // The group key through the one-to-one and the person-to-person endpoints.
      expect(await answerOf(a.readStatus({ robotCode: 'appA', processQueryKey: groupKey }))).toEqual(
        await answerOf(a.readStatus({ robotCode: 'appA', processQueryKey: MADE_UP })),
      );
      expect((await a.recall({ robotCode: 'appA', processQueryKeys: [groupKey] })).body?.failedResult).toEqual({ [groupKey]: 'invalid.processQueryKey' });
      expect(await answerOf(privateQuery(token, groupKey))).toEqual(await answerOf(privateQuery(token, MADE_UP)));
      expect((await privateRecall(token, groupKey)).body?.failedResult).toEqual({ [groupKey]: 'invalid.processQueryKey' });

      // The one-to-one and person-to-person keys through the group endpoints.
      const madeUp = await answerOf(groupQuery(token, { processQueryKey: MADE_UP }));
      expect(madeUp).toMatchObject({ statusCode: 400, code: 'invalid.processQueryKey' });
      for (const key of [oneToOneKey, privateKey]) {
        expect(await answerOf(groupQuery(token, { processQueryKey: key }))).toEqual(madeUp);
        const recall = await groupRecall(token, { openConversationId: 'cidGroupA==', robotCode: 'appA', processQueryKeys: [key] });
        expect(recall.body?.failedResult).toEqual({ [key]: 'invalid.processQueryKey' });
      }
      for (const key of [groupKey, privateKey, oneToOneKey]) expect(await inboxKeys(dingo, 'corpA', 'alice')).toContain(key);
    });
  });
});
