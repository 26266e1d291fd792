import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeOptions } from '@alicloud/tea-util';
import { robotSdk, startTestDingo, type TestDingo } from './harness.js';
import {
  captureEvents,
  directoryWithSecondRobot,
  frozenClock,
  inboxKeys,
  otoClient,
  SECOND_ROBOT,
  sendOk,
  textTo,
  type OtoClient,
} from './oto.js';

/**
 * Flow control: at most N one-to-one messages per (robot, user) per rolling minute.
 * The Dingo clock is frozen, so the minute moves only with clock.advance.
 */

async function sendTimes(client: OtoClient, robotCode: string, userIds: string[], times: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < times; i++) {
    const sent = await sendOk(client, textTo(robotCode, userIds, `message ${i}`));
    expect(sent.flowControlledStaffIdList).toEqual([]);
    keys.push(sent.processQueryKey);
  }
  return keys;
}

async function readersOf(client: OtoClient, robotCode: string, processQueryKey: string): Promise<string[]> {
  const status = await client.readStatus({ robotCode, processQueryKey });
  expect(status.statusCode).toBe(200);
  return (status.body?.messageReadInfoList ?? []).map((e) => e.userId ?? '').sort();
}

describe('flow control with the default limit of 20 per minute', () => {
  let dingo: TestDingo;
  let a: OtoClient;

  beforeAll(async () => {
    dingo = await startTestDingo({}, directoryWithSecondRobot(), frozenClock('2030-03-15T10:00:00+08:00'));
    expect(dingo.services.config.flowLimit).toBe(20);
    a = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
  });
  afterAll(() => dingo.close());

  it('flow-controls the 21st message to a user within a minute; the others of the same send get it', async () => {
    const first20 = await sendTimes(a, 'appA', ['alice'], 20);
    const { events, stop } = captureEvents(dingo);
    const sent = await sendOk(a, textTo('appA', ['alice', 'bob', 'zed'], 'the 21st'));
    stop();
    expect(sent.flowControlledStaffIdList).toEqual(['alice']);
    expect(sent.invalidStaffIdList).toEqual(['zed']);

    expect(await inboxKeys(dingo, 'corpA', 'alice')).toEqual(first20);
    expect(await inboxKeys(dingo, 'corpA', 'bob')).toEqual([sent.processQueryKey]);
    expect(await readersOf(a, 'appA', sent.processQueryKey)).toEqual(['bob']);
    expect(events).toMatchObject([{ type: 'delivered', processQueryKey: sent.processQueryKey, userIds: ['bob'] }]);
  });

  it('keeps flow-controlling within the minute; a send with only flow-controlled users still answers 200 with a key', async () => {
    dingo.clock.advance(59_999);
    const sent = await sendOk(a, textTo('appA', ['alice']));
    expect(sent.flowControlledStaffIdList).toEqual(['alice']);
    expect(sent.invalidStaffIdList).toEqual([]);
    expect(await readersOf(a, 'appA', sent.processQueryKey)).toEqual([]);
    expect(await inboxKeys(dingo, 'corpA', 'alice')).not.toContain(sent.processQueryKey);
  });

  it('delivers again once the minute has passed, and refused sends did not count', async () => {
    dingo.clock.advance(1);
    const again = await sendTimes(a, 'appA', ['alice'], 20);
    const over = await sendOk(a, textTo('appA', ['alice']));
    expect(over.flowControlledStaffIdList).toEqual(['alice']);
    expect((await inboxKeys(dingo, 'corpA', 'alice')).slice(-20)).toEqual(again);
  });

  it('is a rolling minute: messages leave the window one by one', async () => {
    dingo.clock.advance(60_000);
    await sendTimes(a, 'appA', ['carol'], 10);
    dingo.clock.advance(30_000);
    await sendTimes(a, 'appA', ['carol'], 10);
    expect((await sendOk(a, textTo('appA', ['carol']))).flowControlledStaffIdList).toEqual(['carol']);
    dingo.clock.advance(30_000); // the first 10 are now a minute old
    await sendTimes(a, 'appA', ['carol'], 10);
    expect((await sendOk(a, textTo('appA', ['carol']))).flowControlledStaffIdList).toEqual(['carol']);
  });

  it('is per robot and per user: another robot of the same app, and another user, still get through', async () => {
    dingo.clock.advance(60_000);
    await sendTimes(a, 'appA', ['dave'], 20);
    const sameRobot = await sendOk(a, textTo('appA', ['dave', 'bob']));
    expect(sameRobot.flowControlledStaffIdList).toEqual(['dave']);
    expect(await readersOf(a, 'appA', sameRobot.processQueryKey)).toEqual(['bob']);

    const otherRobot = await sendOk(a, textTo(SECOND_ROBOT, ['dave']));
    expect(otherRobot.flowControlledStaffIdList).toEqual([]);
    expect(await inboxKeys(dingo, 'corpA', 'dave')).toContain(otherRobot.processQueryKey);
  });

  it('holds under concurrent sends: of 25 sends racing to one user, exactly 20 deliver', async () => {
    dingo.clock.advance(60_000);
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => sendOk(a, textTo('appA', ['erin', 'carol'], `race ${i}`))));
    const delivered = results.filter((r) => r.flowControlledStaffIdList.length === 0);
    expect(delivered).toHaveLength(20);
    for (const r of results) expect(r.invalidStaffIdList).toEqual(['erin']);
    // Racing requests are served in any order: compare as sets.
    expect((await inboxKeys(dingo, 'corpA', 'carol')).slice(-20).sort()).toEqual(delivered.map((r) => r.processQueryKey).sort());
  });

  it('counts a user named twice in one send once', async () => {
    dingo.clock.advance(60_000);
    for (let i = 0; i < 20; i++) {
      expect((await sendOk(a, textTo('appA', ['bob', 'bob']))).flowControlledStaffIdList).toEqual([]);
    }
    expect((await sendOk(a, textTo('appA', ['bob']))).flowControlledStaffIdList).toEqual(['bob']);
  });
});

describe('flow control with flowLimit 0 (off)', () => {
  let dingo: TestDingo;
  let a: OtoClient;
  beforeAll(async () => {
    dingo = await startTestDingo({ flowLimit: 0 }, undefined, frozenClock('2030-03-15T10:00:00+08:00'));
    a = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
  });
  afterAll(() => dingo.close());

  it('never flow-controls', async () => {
    const keys = await sendTimes(a, 'appA', ['alice', 'bob'], 60);
    expect(await inboxKeys(dingo, 'corpA', 'alice')).toEqual(keys);
    expect(await inboxKeys(dingo, 'corpA', 'bob')).toEqual(keys);
  });
});

describe('flow control with flowLimit 2', () => {
  let dingo: TestDingo;
  let a: OtoClient;
  beforeAll(async () => {
    dingo = await startTestDingo({ flowLimit: 2 }, directoryWithSecondRobot(), frozenClock('2030-03-15T10:00:00+08:00'));
    a = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
  });
  afterAll(() => dingo.close());

  it('flow-controls the 3rd message, per robot and per user', async () => {
    const keys = await sendTimes(a, 'appA', ['alice'], 2);
    const third = await sendOk(a, textTo('appA', ['alice', 'bob']));
    expect(third.flowControlledStaffIdList).toEqual(['alice']);
    expect(await inboxKeys(dingo, 'corpA', 'alice')).toEqual(keys);
    expect(await inboxKeys(dingo, 'corpA', 'bob')).toEqual([third.processQueryKey]);

    const otherRobot = await sendTimes(a, SECOND_ROBOT, ['alice'], 2);
    expect((await sendOk(a, textTo(SECOND_ROBOT, ['alice']))).flowControlledStaffIdList).toEqual(['alice']);
    expect(await inboxKeys(dingo, 'corpA', 'alice')).toEqual([...keys, ...otherRobot]);

    dingo.clock.advance(60_000);
    expect((await sendOk(a, textTo('appA', ['alice']))).flowControlledStaffIdList).toEqual([]);
  });

  it('neither limits nor counts robot messages in person-to-person chats', async () => {
    dingo.clock.advance(60_000);
    const token = await dingo.appToken('appA', 'secretA');
    for (let i = 0; i < 3; i++) {
      const sent = await dingo.robot.privateChatSendWithOptions(
        new robotSdk.PrivateChatSendRequest({
          openConversationId: 'cidAliceBob==',
          robotCode: 'appA',
          coolAppCode: 'COOL-A',
          msgKey: 'sampleText',
          msgParam: JSON.stringify({ content: `person-to-person ${i}` }),
        }),
        new robotSdk.PrivateChatSendHeaders({ xAcsDingtalkAccessToken: token }),
        new RuntimeOptions({}),
      );
      expect(sent.statusCode).toBe(200);
    }
    await sendTimes(a, 'appA', ['bob'], 2);
    expect((await sendOk(a, textTo('appA', ['bob']))).flowControlledStaffIdList).toEqual(['bob']);
  });
});
