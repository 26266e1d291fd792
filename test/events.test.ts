import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DingoEvent } from '../src/events/bus.js';
import { startTestDingo, type TestDingo } from './harness.js';
import { captureEvents, frozenClock, markRead, otoClient, sendOk, textTo, type OtoClient } from './oto.js';

/**
 * The domain publishes on services.events what happened to one-to-one messages:
 * `delivered` (the delivered userIds only), `read` (once, on the first read) and
 * `recalled` (once). The Dingo clock is frozen, so `at` is exact.
 */
describe('events of one-to-one messages', () => {
  let dingo: TestDingo;
  let a: OtoClient;
  let b: OtoClient;
  let captured: ReturnType<typeof captureEvents>;

  beforeAll(async () => {
    // A limit of 2 per minute makes flow-controlled users easy to provoke.
    dingo = await startTestDingo({ flowLimit: 2 }, undefined, frozenClock('2030-03-15T10:00:00+08:00'));
    a = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
    b = otoClient(dingo, await dingo.appToken('appB', 'secretB'));
  });
  afterAll(() => dingo.close());
  beforeEach(() => {
    // A fresh minute for flow control, and a fresh recorder.
    dingo.clock.advance(60_000);
    captured = captureEvents(dingo);
  });
  afterEach(() => captured.stop());

  const ofType = <T extends DingoEvent['type']>(type: T) => captured.events.filter((e): e is Extract<DingoEvent, { type: T }> => e.type === type);

  describe('delivered', () => {
    it('is published once per send with the delivered userIds only: no duplicates, no non-members', async () => {
      const sent = await sendOk(a, textTo('appA', ['alice', 'zed', 'bob', 'alice', 'erin']));
      expect(captured.events).toEqual([
        {
          type: 'delivered',
          corpId: 'corpA',
          processQueryKey: sent.processQueryKey,
          robotCode: 'appA',
          chatKind: 'oto',
          openConversationId: null,
          userIds: ['alice', 'bob'],
          at: dingo.clock.now(),
        },
      ]);
    });

    it('leaves out flow-controlled users', async () => {
      await sendOk(a, textTo('appA', ['carol']));
      await sendOk(a, textTo('appA', ['carol']));
      const third = await sendOk(a, textTo('appA', ['carol', 'dave']));
      expect(third.flowControlledStaffIdList).toEqual(['carol']);
      const delivered = ofType('delivered');
      expect(delivered.map((e) => e.userIds)).toEqual([['carol'], ['carol'], ['dave']]);
      expect(delivered[2]?.processQueryKey).toBe(third.processQueryKey);
    });

    it('is not published when nobody got the message', async () => {
      await sendOk(a, textTo('appA', ['zed', 'erin']));
      await sendOk(a, textTo('appA', ['alice']));
      await sendOk(a, textTo('appA', ['alice']));
      const flowControlledOnly = await sendOk(a, textTo('appA', ['alice', 'nobody']));
      expect(flowControlledOnly.flowControlledStaffIdList).toEqual(['alice']);
      expect(ofType('delivered').map((e) => e.userIds)).toEqual([['alice'], ['alice']]);
    });

    it("carries the sender's corp", async () => {
      const sent = await sendOk(b, textTo('appB', ['alice', 'erin']));
      expect(captured.events).toMatchObject([{ type: 'delivered', corpId: 'corpB', robotCode: 'appB', processQueryKey: sent.processQueryKey, userIds: ['alice', 'erin'] }]);
    });
  });

  describe('read', () => {
    it('is published on the first read of each recipient only', async () => {
      const { processQueryKey } = await sendOk(a, textTo('appA', ['alice', 'bob']));
      captured.events.length = 0;

      expect((await markRead(dingo, 'corpA', 'alice', processQueryKey)).status).toBe(200);
      const firstReadAt = dingo.clock.now();
      dingo.clock.advance(5_000);
      expect((await markRead(dingo, 'corpA', 'alice', processQueryKey)).status).toBe(200);
      expect((await markRead(dingo, 'corpA', 'bob', processQueryKey)).status).toBe(200);

      expect(captured.events).toEqual([
        { type: 'read', corpId: 'corpA', processQueryKey, robotCode: 'appA', chatKind: 'oto',
          openConversationId: null, userId: 'alice', at: firstReadAt },
        { type: 'read', corpId: 'corpA', processQueryKey, robotCode: 'appA', chatKind: 'oto',
          openConversationId: null, userId: 'bob', at: dingo.clock.now() },
      ]);
    });

    it('is published once even when the same user reads twice within one millisecond', async () => {
      const { processQueryKey } = await sendOk(a, textTo('appA', ['carol']));
      captured.events.length = 0;
      expect((await markRead(dingo, 'corpA', 'carol', processQueryKey)).status).toBe(200);
      expect((await markRead(dingo, 'corpA', 'carol', processQueryKey)).status).toBe(200);
      expect(ofType('read')).toHaveLength(1);
    });

    it('is not published for a user without a copy, a user of another corp, or a recalled message', async () => {
      const { processQueryKey } = await sendOk(a, textTo('appA', ['alice']));
      expect((await markRead(dingo, 'corpA', 'dave', processQueryKey)).status).toBe(400);
      expect((await markRead(dingo, 'corpB', 'alice', processQueryKey)).status).toBe(400);
      await a.recall({ robotCode: 'appA', processQueryKeys: [processQueryKey] });
      expect((await markRead(dingo, 'corpA', 'alice', processQueryKey)).status).toBe(400);
      expect(ofType('read')).toEqual([]);
    });
  });

  describe('recalled', () => {
    it('is published once, with the recipients, however often the message is recalled', async () => {
      const { processQueryKey } = await sendOk(a, textTo('appA', ['alice', 'zed', 'bob']));
      for (let i = 0; i < 3; i++) {
        const recall = await a.recall({ robotCode: 'appA', processQueryKeys: [processQueryKey, processQueryKey] });
        expect(recall.body?.successResult).toEqual([processQueryKey]);
      }
      expect(ofType('recalled')).toEqual([
        { type: 'recalled', corpId: 'corpA', processQueryKey, robotCode: 'appA', chatKind: 'oto',
          openConversationId: null, userIds: ['alice', 'bob'], at: dingo.clock.now() },
      ]);
    });

    it('is published once when recalls of the same message race', async () => {
      const keys: string[] = [];
      for (let round = 0; round < 5; round++) {
        const { processQueryKey } = await sendOk(a, textTo('appA', ['dave']));
        keys.push(processQueryKey);
        const recalls = await Promise.all(Array.from({ length: 8 }, () => a.recall({ robotCode: 'appA', processQueryKeys: [processQueryKey] })));
        for (const recall of recalls) expect(recall.body?.successResult).toEqual([processQueryKey]);
      }
      expect(ofType('recalled').map((e) => e.processQueryKey)).toEqual(keys);
    });

    it('is published per recalled key only, not for failed keys', async () => {
      const first = await sendOk(a, textTo('appA', ['alice']));
      const second = await sendOk(a, textTo('appA', ['bob']));
      const ofB = await sendOk(b, textTo('appB', ['erin']));
      captured.events.length = 0;
      const recall = await a.recall({ robotCode: 'appA', processQueryKeys: [first.processQueryKey, ofB.processQueryKey, 'made-up', second.processQueryKey] });
      expect(recall.body?.successResult).toEqual([first.processQueryKey, second.processQueryKey]);
      expect(captured.events.map((e) => [e.type, 'processQueryKey' in e ? e.processQueryKey : e.msgId])).toEqual([
        ['recalled', first.processQueryKey],
        ['recalled', second.processQueryKey],
      ]);
    });
  });
});
