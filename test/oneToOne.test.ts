import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DingoEvent } from '../src/events/bus.js';
import { oauthSdk, sdkError, startTestDingo, type TestDingo } from './harness.js';
import {
  allInboxes,
  captureEvents,
  directoryWithSecondRobot,
  frozenClock,
  inbox,
  inboxKeys,
  markRead,
  otoClient,
  SECOND_ROBOT,
  sendOk,
  textTo,
  type OtoClient,
} from './oto.js';
import { completeParam, MSG_KEYS, TEMPLATE_TABLE } from './templateTable.js';

/** The SDK call failed with `code` and HTTP `status`. */
async function expectRefusal(call: Promise<unknown>, code: string, status = 400): Promise<void> {
  const error = await sdkError(call);
  expect({ code: error.code, statusCode: error.statusCode }).toEqual({ code, statusCode: status });
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('one-to-one robot messages through the official SDK', () => {
  let dingo: TestDingo;
  /** appA of corpA: robots appA (enabled), robotStopped, robotA2nd. */
  let a: OtoClient;
  /** appA2 of corpA: robot appA2. */
  let a2: OtoClient;
  /** appB of corpB: robot appB. */
  let b: OtoClient;

  beforeAll(async () => {
    // Time moves only when a test moves it. Flow control is off here: it has its own file,
    // and this file sends many messages to the same users.
    dingo = await startTestDingo({ flowLimit: 0 }, directoryWithSecondRobot(), frozenClock('2030-03-15T10:00:00+08:00'));
    a = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
    a2 = otoClient(dingo, await dingo.appToken('appA2', 'secretA2'));
    b = otoClient(dingo, await dingo.appToken('appB', 'secretB'));
  });
  afterAll(() => dingo.close());

  describe('batchSend, readStatus, read and recall', () => {
    it('delivers once to each recipient, duplicates included, and lists each of them UNREAD with the directory name', async () => {
      const sent = await a.send(textTo('appA', ['alice', 'bob', 'alice', 'carol', 'bob'], 'happy path'));
      expect(sent.statusCode).toBe(200);
      expect(sent.body?.invalidStaffIdList).toEqual([]);
      expect(sent.body?.flowControlledStaffIdList).toEqual([]);
      const key = sent.body?.processQueryKey ?? '';
      expect(key).not.toBe('');

      for (const userId of ['alice', 'bob', 'carol']) {
        const copies = (await inbox(dingo, 'corpA', userId)).filter((m) => m.processQueryKey === key);
        expect(copies).toHaveLength(1);
        expect(copies[0]).toMatchObject({ robotCode: 'appA', msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'happy path' }), read: false });
      }
      expect(await inboxKeys(dingo, 'corpA', 'dave')).not.toContain(key);

      const status = await a.readStatus({ robotCode: 'appA', processQueryKey: key });
      expect(status.statusCode).toBe(200);
      expect(status.body?.sendStatus).toBe('SUCCESS');
      const list = [...(status.body?.messageReadInfoList ?? [])].sort((x, y) => (x.userId ?? '').localeCompare(y.userId ?? ''));
      expect(list.map((entry) => ({ ...entry }))).toEqual([
        { name: 'Alice', userId: 'alice', readStatus: 'UNREAD' },
        { name: 'Bob', userId: 'bob', readStatus: 'UNREAD' },
        { name: 'Carol', userId: 'carol', readStatus: 'UNREAD' },
      ]);
    });

    it('answers READ with readTimestamp = the clock at the first read, kept on a second read; then recalls it everywhere', async () => {
      const { processQueryKey: key } = await sendOk(a, textTo('appA', ['alice', 'bob', 'carol'], 'to be read'));

      // Move the clock between send and read: the timestamp is the time of the read.
      dingo.clock.advance(30 * 60_000);
      const readAt = dingo.clock.now();
      const read = await markRead(dingo, 'corpA', 'alice', key);
      expect(read).toMatchObject({ status: 200, body: { ok: true } });

      const entryOf = async (userId: string) =>
        (await a.readStatus({ robotCode: 'appA', processQueryKey: key })).body?.messageReadInfoList?.find((e) => e.userId === userId);
      expect({ ...(await entryOf('alice')) }).toEqual({ name: 'Alice', userId: 'alice', readStatus: 'READ', readTimestamp: readAt });
      expect({ ...(await entryOf('bob')) }).toEqual({ name: 'Bob', userId: 'bob', readStatus: 'UNREAD' });
      expect((await inbox(dingo, 'corpA', 'alice')).find((m) => m.processQueryKey === key)?.read).toBe(true);

      dingo.clock.advance(60_000);
      expect(await markRead(dingo, 'corpA', 'alice', key)).toMatchObject({ status: 200, body: { ok: true } });
      expect((await entryOf('alice'))?.readTimestamp).toBe(readAt);

      const recall = await a.recall({ robotCode: 'appA', processQueryKeys: [key] });
      expect(recall.statusCode).toBe(200);
      expect(recall.body?.successResult).toEqual([key]);
      expect(recall.body?.failedResult).toEqual({});

      const after = await a.readStatus({ robotCode: 'appA', processQueryKey: key });
      expect(after.statusCode).toBe(200);
      expect(after.body?.sendStatus).toBe('RECALLED');
      for (const userId of ['alice', 'bob', 'carol']) expect(await inboxKeys(dingo, 'corpA', userId)).not.toContain(key);
    });

    it('puts non-members in invalidStaffIdList and delivers nothing to them', async () => {
      // erin is a user of corp B, not of corp A; zed is nobody.
      const before = await allInboxes(dingo);
      const sent = await sendOk(a, textTo('appA', ['alice', 'zed', 'erin', 'zed']));
      expect([...sent.invalidStaffIdList].sort()).toEqual(['erin', 'zed']);
      expect(sent.flowControlledStaffIdList).toEqual([]);
      const after = await allInboxes(dingo);
      expect(after['corpB/erin']).toEqual(before['corpB/erin']);
      expect(after['corpA/alice']?.map((m) => m.processQueryKey)).toContain(sent.processQueryKey);

      const status = await a.readStatus({ robotCode: 'appA', processQueryKey: sent.processQueryKey });
      expect(status.body?.messageReadInfoList?.map((e) => e.userId)).toEqual(['alice']);
    });

    it('answers 200 with a key when every user is invalid; its read status lists nobody', async () => {
      const before = await allInboxes(dingo);
      const sent = await sendOk(a, textTo('appA', ['zed', 'nobody']));
      expect([...sent.invalidStaffIdList].sort()).toEqual(['nobody', 'zed']);
      expect(sent.flowControlledStaffIdList).toEqual([]);
      expect(await allInboxes(dingo)).toEqual(before);

      const status = await a.readStatus({ robotCode: 'appA', processQueryKey: sent.processQueryKey });
      expect(status.statusCode).toBe(200);
      expect(status.body?.sendStatus).toBe('SUCCESS');
      expect(status.body?.messageReadInfoList).toEqual([]);
    });

    it('keeps the send order in the inbox, also within one millisecond', async () => {
      const before = await inboxKeys(dingo, 'corpA', 'bob');
      const now = dingo.clock.now();
      const keys: string[] = [];
      for (let i = 0; i < 8; i++) keys.push((await sendOk(a, textTo('appA', ['bob'], `in order ${i}`))).processQueryKey);
      expect(dingo.clock.now()).toBe(now); // all in the same millisecond: time is frozen
      expect(await inboxKeys(dingo, 'corpA', 'bob')).toEqual([...before, ...keys]);
    });

    it('sends with a suite robot through a corpAccessToken of an authorising corp', async () => {
      const corpToken = await dingo.oauth.getCorpAccessToken(
        new oauthSdk.GetCorpAccessTokenRequest({ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', authCorpId: 'corpA', suiteTicket: 'ticket' }),
      );
      const suite = otoClient(dingo, corpToken.body?.accessToken ?? '');
      const sent = await sendOk(suite, textTo('suiteBot', ['dave']));
      expect(await inboxKeys(dingo, 'corpA', 'dave')).toContain(sent.processQueryKey);
      const status = await suite.readStatus({ robotCode: 'suiteBot', processQueryKey: sent.processQueryKey });
      expect(status.body?.messageReadInfoList?.map((e) => e.userId)).toEqual(['dave']);
    });
  });

  describe('processQueryKey', () => {
    let keys: string[] = [];
    beforeAll(async () => {
      keys = [];
      for (let i = 0; i < 40; i++) keys.push((await sendOk(a, textTo('appA', ['carol'], `key ${i}`))).processQueryKey);
    });

    it('is unique and sometimes holds URL-unsafe characters', () => {
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.some((key) => key.includes('+'))).toBe(true);
      expect(keys.some((key) => key.includes('/'))).toBe(true);
      for (const key of keys) expect(key.length).toBeGreaterThanOrEqual(22); // at least 128 bits in base64
    });

    it('round-trips through the SDK readStatus, URL-unsafe characters included', async () => {
      const unsafe = keys.filter((key) => /[+/=]/.test(key));
      expect(unsafe.length).toBeGreaterThan(0);
      for (const key of unsafe) {
        const status = await a.readStatus({ robotCode: 'appA', processQueryKey: key });
        expect(status.statusCode).toBe(200);
        expect(status.body?.messageReadInfoList?.map((e) => e.userId)).toEqual(['carol']);
      }
    });

    it('is decoded exactly once from the query string: encoded twice it is an unknown key', async () => {
      const key = keys.find((k) => k.includes('+')) ?? '';
      const token = await dingo.appToken('appA', 'secretA');
      const query = (encodedKey: string) => dingo.http(`/v1.0/robot/oToMessages/readStatus?robotCode=appA&processQueryKey=${encodedKey}`, { token });

      const once = await query(encodeURIComponent(key));
      expect(once.status).toBe(200);
      expect(once.body.messageReadInfoList.map((e: { userId: string }) => e.userId)).toEqual(['carol']);

      const twice = await query(encodeURIComponent(encodeURIComponent(key)));
      expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 400, code: 'invalid.processQueryKey' });

      // Not encoded at all, `+` reads as a space (page 003 asks callers to URL-encode the key).
      const raw = await query(key);
      expect({ status: raw.status, code: raw.body.code }).toEqual({ status: 400, code: 'invalid.processQueryKey' });
    });
  });

  describe('batchSend refusals (page of batchSend)', () => {
    it('invalidParameter.robotCode.empty: robotCode empty or absent', async () => {
      await expectRefusal(a.send(textTo('', ['alice'])), 'invalidParameter.robotCode.empty');
      const { robotCode: _omitted, ...withoutRobot } = textTo('appA', ['alice']);
      await expectRefusal(a.send(withoutRobot), 'invalidParameter.robotCode.empty');
    });

    it.each([
      ['an unknown robot', 'nope'],
      ['a robot of another corp', 'appB'],
      ['a robot of another app of the same corp', 'appA2'],
      ['the suite robot, with an internal app token', 'suiteBot'],
    ])('invalidParameter.robotCode.notExsit: %s', async (_case, robotCode) => {
      await expectRefusal(a.send(textTo(robotCode, ['alice'])), 'invalidParameter.robotCode.notExsit');
    });

    it('template.stopped: a stopped robot of the app', async () => {
      await expectRefusal(a.send(textTo('robotStopped', ['alice'])), 'template.stopped');
    });

    it('invalidParameter.userIds.empty: userIds empty or absent', async () => {
      await expectRefusal(a.send(textTo('appA', [])), 'invalidParameter.userIds.empty');
      const { userIds: _omitted, ...withoutUsers } = textTo('appA', []);
      await expectRefusal(a.send(withoutUsers), 'invalidParameter.userIds.empty');
    });

    it('invalidParameter.userIds.overMax: 21 distinct userIds; 20 distinct with duplicates pass', async () => {
      const twentyOne = ['alice', 'bob', 'carol', 'dave', ...Array.from({ length: 17 }, (_, i) => `ghost${i}`)];
      expect(new Set(twentyOne).size).toBe(21);
      await expectRefusal(a.send(textTo('appA', twentyOne)), 'invalidParameter.userIds.overMax');

      const twenty = twentyOne.slice(0, 20);
      const sent = await sendOk(a, textTo('appA', [...twenty, 'alice', 'bob', 'ghost0', 'ghost0', 'alice']));
      expect([...sent.invalidStaffIdList].sort()).toEqual(twenty.slice(4).sort());
      const status = await a.readStatus({ robotCode: 'appA', processQueryKey: sent.processQueryKey });
      expect(status.body?.messageReadInfoList?.map((e) => e.userId).sort()).toEqual(['alice', 'bob', 'carol', 'dave']);
    });

    it('invalidParameter.msgKey.empty: msgKey empty or absent', async () => {
      await expectRefusal(a.send({ ...textTo('appA', ['alice']), msgKey: '' }), 'invalidParameter.msgKey.empty');
      const { msgKey: _omitted, ...withoutKey } = textTo('appA', ['alice']);
      await expectRefusal(a.send(withoutKey), 'invalidParameter.msgKey.empty');
    });

    it.each(['sampleNope', 'sampletext', 'sampleActionCard7', 'sampleText '])('invalidParameter.msgKey.invalid: %j', async (msgKey) => {
      await expectRefusal(a.send({ ...textTo('appA', ['alice']), msgKey }), 'invalidParameter.msgKey.invalid');
    });

    it.each([
      ['not JSON', '{content: hello}'],
      ['a JSON array', '[{"content":"hello"}]'],
      ['a JSON string', '"hello"'],
      ['a JSON number', '42'],
      ['JSON null', 'null'],
      ['empty', ''],
    ])('invalidParameter.msgParam.invalid: msgParam %s', async (_case, msgParam) => {
      await expectRefusal(a.send({ ...textTo('appA', ['alice']), msgParam }), 'invalidParameter.msgParam.invalid');
    });

    it('invalidParameter.msgParam.invalid: msgParam absent', async () => {
      const { msgParam: _omitted, ...withoutParam } = textTo('appA', ['alice']);
      await expectRefusal(a.send(withoutParam), 'invalidParameter.msgParam.invalid');
    });

    it('invalidParameter.msgParam.tooLong: over 15,000 UTF-8 bytes, counted in bytes, not characters', async () => {
      // {"content":"…"} is 14 bytes around the content; 中 is 3 bytes in UTF-8.
      const param = (content: string) => JSON.stringify({ content });
      const exactly = param(`${'中'.repeat(4995)}a`);
      const over = param(`${'中'.repeat(4995)}aa`);
      expect(Buffer.byteLength(exactly, 'utf8')).toBe(15_000);
      expect(Buffer.byteLength(over, 'utf8')).toBe(15_001);
      expect(over.length).toBeLessThan(6_000);

      await expectRefusal(a.send({ ...textTo('appA', ['bob']), msgParam: over }), 'invalidParameter.msgParam.tooLong');
      const sent = await sendOk(a, { ...textTo('appA', ['bob']), msgParam: exactly });
      const copy = (await inbox(dingo, 'corpA', 'bob')).find((m) => m.processQueryKey === sent.processQueryKey);
      expect(copy?.msgParam).toBe(exactly);
    });

    describe.each(MSG_KEYS)('template %s', (msgKey) => {
      const fields = TEMPLATE_TABLE[msgKey] ?? [];

      it('is delivered with every required field', async () => {
        const msgParam = JSON.stringify(completeParam(msgKey));
        const sent = await sendOk(a, { robotCode: 'appA', userIds: ['dave'], msgKey, msgParam });
        const copy = (await inbox(dingo, 'corpA', 'dave')).find((m) => m.processQueryKey === sent.processQueryKey);
        expect(copy).toMatchObject({ msgKey, msgParam });
      });

      it.each(fields.map((field) => [field.name, field.code, field.numberAllowed] as const))(
        'field %s missing, empty, blank or not a string → %s',
        async (name, code, numberAllowed) => {
          const complete = completeParam(msgKey);
          const { [name]: _removed, ...missing } = complete;
          const wrongTypes: unknown[] = [true, null, ['x'], { value: 'x' }, ...(numberAllowed ? [] : [7])];
          const variants: Array<Record<string, unknown>> = [missing, { ...complete, [name]: '' }, { ...complete, [name]: '   ' }, ...wrongTypes.map((v) => ({ ...complete, [name]: v }))];
          for (const param of variants) {
            await expectRefusal(a.send({ robotCode: 'appA', userIds: ['dave'], msgKey, msgParam: JSON.stringify(param) }), code);
          }
        },
      );
    });

    it('accepts duration as a number or a string (sampleAudio, sampleVideo), and sampleLink without picUrl', async () => {
      for (const duration of [30, '30']) {
        await sendOk(a, { robotCode: 'appA', userIds: ['dave'], msgKey: 'sampleAudio', msgParam: JSON.stringify({ mediaId: '@m', duration }) });
        await sendOk(a, {
          robotCode: 'appA',
          userIds: ['dave'],
          msgKey: 'sampleVideo',
          msgParam: JSON.stringify({ duration, videoMediaId: '@v', videoType: 'mp4', picMediaId: '@p' }),
        });
      }
      await sendOk(a, { robotCode: 'appA', userIds: ['dave'], msgKey: 'sampleLink', msgParam: JSON.stringify({ text: 't', title: 'T', messageUrl: 'https://x' }) });
    });

    it('writes nothing and publishes nothing when a send is refused', async () => {
      const before = await allInboxes(dingo);
      const { events, stop } = captureEvents(dingo);
      const everyone = ['alice', 'bob', 'carol', 'dave'];
      const refused = [
        textTo('', everyone),
        textTo('nope', everyone),
        textTo('appA2', everyone),
        textTo('robotStopped', everyone),
        textTo('appA', [...everyone, ...Array.from({ length: 17 }, (_, i) => `ghost${i}`)]),
        { ...textTo('appA', everyone), msgKey: 'sampleNope' },
        { ...textTo('appA', everyone), msgParam: '[]' },
        { ...textTo('appA', everyone), msgParam: JSON.stringify({ content: 'x'.repeat(15_000) }) },
        { robotCode: 'appA', userIds: everyone, msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: 'only a title' }) },
        { robotCode: 'appA', userIds: everyone, msgKey: 'sampleActionCard3', msgParam: JSON.stringify({ ...completeParam('sampleActionCard3'), actionURL3: '' }) },
      ];
      for (const request of refused) expect((await sdkError(a.send(request))).statusCode).toBe(400);
      stop();
      expect(events).toEqual([]);
      expect(await allInboxes(dingo)).toEqual(before);
    });
  });

  describe('readStatus refusals (page of readStatus)', () => {
    let key = '';
    beforeAll(async () => {
      key = (await sendOk(a, textTo('appA', ['alice']))).processQueryKey;
    });

    it('invalidParameter.robotCode.missing and invalidParameter.robotCode.empty', async () => {
      await expectRefusal(a.readStatus({ processQueryKey: key }), 'invalidParameter.robotCode.missing');
      await expectRefusal(a.readStatus({ robotCode: '', processQueryKey: key }), 'invalidParameter.robotCode.empty');
    });

    it.each([
      ['an unknown robot', 'nope'],
      ['a robot of another corp', 'appB'],
      ['a robot of another app of the same corp', 'appA2'],
      ['the suite robot, with an internal app token', 'suiteBot'],
    ])('invalidParameter.robotCode.notExsit: %s', async (_case, robotCode) => {
      await expectRefusal(a.readStatus({ robotCode, processQueryKey: key }), 'invalidParameter.robotCode.notExsit');
    });

    it('invalidParameter.processQueryKey.missing: key absent or empty', async () => {
      await expectRefusal(a.readStatus({ robotCode: 'appA' }), 'invalidParameter.processQueryKey.missing');
      await expectRefusal(a.readStatus({ robotCode: 'appA', processQueryKey: '' }), 'invalidParameter.processQueryKey.missing');
    });

    it('invalid.processQueryKey: an unknown key, a key of another robot, of another app, of another corp, all answered alike', async () => {
      const answer = async (client: OtoClient, robotCode: string, processQueryKey: string) => {
        const error = await sdkError(client.readStatus({ robotCode, processQueryKey }));
        return { code: error.code, statusCode: error.statusCode, message: error.data?.message };
      };
      const unknown = await answer(a, 'appA', 'bm90IGEga2V5IG9mIGFueW9uZQ==');
      expect(unknown).toMatchObject({ code: 'invalid.processQueryKey', statusCode: 400 });
      // Another robot of the same app, and the robot of another app of the same corp.
      const otherRobot = (await sendOk(a, textTo(SECOND_ROBOT, ['alice']))).processQueryKey;
      expect(await answer(a, 'appA', otherRobot)).toEqual(unknown);
      expect(await answer(a, SECOND_ROBOT, key)).toEqual(unknown);
      expect(await answer(a2, 'appA2', key)).toEqual(unknown);
      // Another corp: corp B's robot asking for corp A's key.
      const unknownInB = await answer(b, 'appB', 'bm90IGEga2V5IG9mIGFueW9uZQ==');
      expect(await answer(b, 'appB', key)).toEqual(unknownInB);
      expect(unknownInB).toEqual(unknown);
    });
  });

  describe('batchRecall refusals and per-key reasons (page of otoMessages/batchRecall)', () => {
    it('invalidParameter.robotCode: robotCode absent, empty, unknown, or not a robot of the app', async () => {
      const key = (await sendOk(a, textTo('appA', ['bob']))).processQueryKey;
      await expectRefusal(a.recall({ processQueryKeys: [key] }), 'invalidParameter.robotCode');
      for (const robotCode of ['', 'nope', 'appB', 'appA2', 'suiteBot']) {
        await expectRefusal(a.recall({ robotCode, processQueryKeys: [key] }), 'invalidParameter.robotCode');
      }
      expect(await inboxKeys(dingo, 'corpA', 'bob')).toContain(key);
    });

    it('invalidParameter.processQueryKey.missing: the list absent or empty', async () => {
      await expectRefusal(a.recall({ robotCode: 'appA' }), 'invalidParameter.processQueryKey.missing');
      await expectRefusal(a.recall({ robotCode: 'appA', processQueryKeys: [] }), 'invalidParameter.processQueryKey.missing');
    });

    it('invalidParameter.processQueryKeys.overMax: 21 keys, and none of them is recalled', async () => {
      const real = (await sendOk(a, textTo('appA', ['bob']))).processQueryKey;
      const keys = [real, ...Array.from({ length: 20 }, (_, i) => `made-up-${i}`)];
      await expectRefusal(a.recall({ robotCode: 'appA', processQueryKeys: keys }), 'invalidParameter.processQueryKeys.overMax');
      expect(await inboxKeys(dingo, 'corpA', 'bob')).toContain(real);
      expect((await a.readStatus({ robotCode: 'appA', processQueryKey: real })).body?.sendStatus).toBe('SUCCESS');

      const twenty = await a.recall({ robotCode: 'appA', processQueryKeys: keys.slice(0, 20) });
      expect(twenty.statusCode).toBe(200);
      expect(twenty.body?.successResult).toEqual([real]);
      expect(Object.keys(twenty.body?.failedResult ?? {})).toHaveLength(19);
    });

    it('answers 200 with the per-key split: success, invalid.processQueryKey, not.allowed.robotCode', async () => {
      const mine = (await sendOk(a, textTo('appA', ['carol']))).processQueryKey;
      const ofSecondRobot = (await sendOk(a, textTo(SECOND_ROBOT, ['carol']))).processQueryKey;
      const ofCorpB = (await sendOk(b, textTo('appB', ['erin']))).processQueryKey;
      const madeUp = 'bm90IGEga2V5IG9mIGFueW9uZQ==';

      const recall = await a.recall({ robotCode: 'appA', processQueryKeys: [mine, ofSecondRobot, ofCorpB, madeUp] });
      expect(recall.statusCode).toBe(200);
      expect(recall.body?.successResult).toEqual([mine]);
      expect(recall.body?.failedResult).toEqual({
        [ofSecondRobot]: 'not.allowed.robotCode',
        [ofCorpB]: 'invalid.processQueryKey',
        [madeUp]: 'invalid.processQueryKey',
      });
      expect(await inboxKeys(dingo, 'corpA', 'carol')).toContain(ofSecondRobot);
      expect(await inboxKeys(dingo, 'corpA', 'carol')).not.toContain(mine);
      expect(await inboxKeys(dingo, 'corpB', 'erin')).toContain(ofCorpB);
    });

    it('answers 200 even when every key failed', async () => {
      const recall = await a.recall({ robotCode: 'appA', processQueryKeys: ['made-up-1', 'made-up-2'] });
      expect(recall.statusCode).toBe(200);
      expect(recall.body?.successResult).toEqual([]);
      expect(recall.body?.failedResult).toEqual({ 'made-up-1': 'invalid.processQueryKey', 'made-up-2': 'invalid.processQueryKey' });
    });

    it('is idempotent: recalling twice succeeds twice and publishes one recalled event', async () => {
      const key = (await sendOk(a, textTo('appA', ['alice', 'dave']))).processQueryKey;
      const { events, stop } = captureEvents(dingo);
      const first = await a.recall({ robotCode: 'appA', processQueryKeys: [key] });
      const second = await a.recall({ robotCode: 'appA', processQueryKeys: [key] });
      stop();
      for (const recall of [first, second]) {
        expect(recall.statusCode).toBe(200);
        expect(recall.body?.successResult).toEqual([key]);
        expect(recall.body?.failedResult).toEqual({});
      }
      const recalled = events.filter((e): e is Extract<DingoEvent, { type: 'recalled' }> => e.type === 'recalled');
      expect(recalled).toHaveLength(1);
      expect(recalled[0]).toMatchObject({ corpId: 'corpA', processQueryKey: key });
      expect([...(recalled[0]?.userIds ?? [])].sort()).toEqual(['alice', 'dave']);
      expect((await a.readStatus({ robotCode: 'appA', processQueryKey: key })).body?.sendStatus).toBe('RECALLED');
    });
  });
});

describe('the 24-hour window of readStatus and batchRecall', () => {
  let dingo: TestDingo;
  let keys: { read: string; recallInTime: string; recallLate: string };

  beforeAll(async () => {
    dingo = await startTestDingo({}, undefined, frozenClock('2030-06-01T09:00:00+08:00'));
    const a = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
    keys = {
      read: (await sendOk(a, textTo('appA', ['alice', 'bob']))).processQueryKey,
      recallInTime: (await sendOk(a, textTo('appA', ['alice']))).processQueryKey,
      recallLate: (await sendOk(a, textTo('appA', ['alice']))).processQueryKey,
    };
  });
  afterAll(() => dingo.close());

  /** A fresh token: tokens live 2 hours, the window 24. */
  const client = async () => otoClient(dingo, await dingo.appToken('appA', 'secretA'));

  it('still answers exactly 24 hours after the send', async () => {
    dingo.clock.advance(DAY);
    const a = await client();
    const status = await a.readStatus({ robotCode: 'appA', processQueryKey: keys.read });
    expect(status.statusCode).toBe(200);
    expect(status.body?.messageReadInfoList).toHaveLength(2);
    const recall = await a.recall({ robotCode: 'appA', processQueryKeys: [keys.recallInTime] });
    expect(recall.body?.successResult).toEqual([keys.recallInTime]);
  });

  it('answers processQueryKey.expireTime and robot.processQueryKey.expired 1 ms later; the messages stay in the chats', async () => {
    dingo.clock.advance(1);
    const a = await client();
    await expectRefusal(a.readStatus({ robotCode: 'appA', processQueryKey: keys.read }), 'processQueryKey.expireTime');
    // The recalled one as well: its window is over.
    await expectRefusal(a.readStatus({ robotCode: 'appA', processQueryKey: keys.recallInTime }), 'processQueryKey.expireTime');
    // An unknown key is still unknown, not expired.
    await expectRefusal(a.readStatus({ robotCode: 'appA', processQueryKey: 'bm90IGEga2V5' }), 'invalid.processQueryKey');

    const recall = await a.recall({ robotCode: 'appA', processQueryKeys: [keys.recallLate, 'bm90IGEga2V5'] });
    expect(recall.statusCode).toBe(200);
    expect(recall.body?.successResult).toEqual([]);
    expect(recall.body?.failedResult).toEqual({ [keys.recallLate]: 'robot.processQueryKey.expired', bm90IGEga2V5: 'invalid.processQueryKey' });

    expect(await inboxKeys(dingo, 'corpA', 'alice')).toEqual([keys.read, keys.recallLate]);
    expect(await inboxKeys(dingo, 'corpA', 'bob')).toEqual([keys.read]);
  });
});
