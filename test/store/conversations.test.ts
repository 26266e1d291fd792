import { describe, expect, it } from 'vitest';
import type { SessionWebhookRecord, UserMessageRecord } from '../../src/store/conversationStore.js';
import { BACKEND, useStore } from './storeFixtures.js';

/** What alice writes to corp A's robot appA; `at` gives createdAt and a sendOrder in the same order. */
const toRobot = (msgId: string, at: number, fields: Partial<UserMessageRecord> = {}): UserMessageRecord => ({
  corpId: 'corpA',
  msgId,
  senderId: 'alice',
  chat: { kind: 'oto', robotCode: 'appA' },
  msgtype: 'text',
  content: { content: msgId },
  createdAt: at,
  sendOrder: at * 1000,
  ...fields,
});

/** What alice writes in corp A's group, mentioning appA. */
const inGroup = (msgId: string, at: number, fields: Partial<UserMessageRecord> = {}): UserMessageRecord =>
  toRobot(msgId, at, { chat: { kind: 'group', openConversationId: 'cidGroupA', mentionedRobots: ['appA'] }, ...fields });

/** The members' copies of a group message written by alice: hers read, the others' not. */
const copies = (at: number) => [
  { userId: 'alice', readAt: at },
  { userId: 'bob', readAt: null },
  { userId: 'carol', readAt: null },
];

describe(`store.conversations on ${BACKEND}`, () => {
  const store = useStore();

  describe('ensureOneToOneConversation', () => {
    it('keeps the first candidate of a (robot, user), one per pair and corp', async () => {
      const conversations = store().conversations;
      expect(await conversations.ensureOneToOneConversation('corpA', 'appA', 'alice', 'cid1')).toBe('cid1');
      expect(await conversations.ensureOneToOneConversation('corpA', 'appA', 'alice', 'cid2')).toBe('cid1');
      expect(await conversations.ensureOneToOneConversation('corpA', 'appA', 'bob', 'cid3')).toBe('cid3');
      expect(await conversations.ensureOneToOneConversation('corpA', 'suiteBot', 'alice', 'cid4')).toBe('cid4');
      expect(await conversations.ensureOneToOneConversation('corpB', 'appA', 'alice', 'cid5')).toBe('cid5');
    });

    it('gives concurrent first uses the same conversation', async () => {
      const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => store().conversations.ensureOneToOneConversation('corpA', 'appA', 'alice', `cid${i}`)));
      expect(new Set(ids).size).toBe(1);
    });
  });

  describe('one-to-one messages', () => {
    it("listOneToOneMessages: what the user wrote to the robot, oldest first, every msgtype's content as written", async () => {
      const written = [
        toRobot('m1', 1_000),
        toRobot('m2', 2_000, { msgtype: 'picture', content: { mediaId: '@lA1' } }),
        toRobot('m3', 3_000, { msgtype: 'richText', content: { richText: [{ text: 'look' }, { type: 'picture', mediaId: '@lA2' }] } }),
      ];
      for (const message of [...written, toRobot('other robot', 4_000, { chat: { kind: 'oto', robotCode: 'suiteBot' } }), toRobot('bob', 5_000, { senderId: 'bob' }), inGroup('group', 6_000)]) {
        await store().conversations.insertMessage(message);
      }
      expect(await store().conversations.listOneToOneMessages('corpA', 'alice', 'appA')).toEqual(written);
      expect(await store().conversations.listOneToOneMessages('corpA', 'alice', 'appA', true)).toEqual([written[2]]);
      expect(await store().conversations.listOneToOneMessages('corpB', 'alice', 'appA')).toEqual([]);
    });

    it('listOneToOneActivity: the chats the user wrote in, with the order of the newest message', async () => {
      await store().conversations.insertMessage(toRobot('m1', 1_000));
      await store().conversations.insertMessage(toRobot('m2', 3_000));
      await store().conversations.insertMessage(toRobot('m3', 2_000, { chat: { kind: 'oto', robotCode: 'suiteBot' } }));
      await store().conversations.insertMessage(inGroup('g1', 4_000), copies(4_000));
      const activity = await store().conversations.listOneToOneActivity('corpA', 'alice');
      expect(activity.sort((a, b) => a.robotCode.localeCompare(b.robotCode))).toEqual([
        { robotCode: 'appA', lastOrder: 3_000_000 },
        { robotCode: 'suiteBot', lastOrder: 2_000_000 },
      ]);
      expect(await store().conversations.listOneToOneActivity('corpB', 'alice')).toEqual([]);
    });

    it('refuses a second message with the same msgId in a corp', async () => {
      await store().conversations.insertMessage(toRobot('m1', 1_000));
      await expect(store().conversations.insertMessage(toRobot('m1', 2_000))).rejects.toThrow();
    });
  });

  describe('group messages', () => {
    it("listGroupMessages: the member's copies, oldest first, with their read time; newestOnly: the last", async () => {
      await store().conversations.insertMessage(inGroup('g1', 1_000), copies(1_000));
      await store().conversations.insertMessage(inGroup('g2', 2_000, { senderId: 'bob' }), [
        { userId: 'alice', readAt: null },
        { userId: 'bob', readAt: 2_000 },
      ]);
      expect(await store().conversations.listGroupMessages('corpA', 'alice', 'cidGroupA')).toEqual([
        { ...inGroup('g1', 1_000), readAt: 1_000 },
        { ...inGroup('g2', 2_000, { senderId: 'bob' }), readAt: null },
      ]);
      expect((await store().conversations.listGroupMessages('corpA', 'carol', 'cidGroupA')).map((m) => [m.msgId, m.readAt])).toEqual([['g1', null]]);
      expect((await store().conversations.listGroupMessages('corpA', 'alice', 'cidGroupA', true)).map((m) => m.msgId)).toEqual(['g2']);
      expect(await store().conversations.listGroupMessages('corpA', 'erin', 'cidGroupA')).toEqual([]);
      expect(await store().conversations.listGroupMessages('corpB', 'alice', 'cidGroupA')).toEqual([]);
    });

    it('listGroupActivity and markGroupRead: unread copies counted, marked read once', async () => {
      await store().conversations.insertMessage(inGroup('g1', 1_000), copies(1_000));
      await store().conversations.insertMessage(inGroup('g2', 2_000), copies(2_000));
      expect(await store().conversations.listGroupActivity('corpA', 'bob')).toEqual([{ openConversationId: 'cidGroupA', unreadCount: 2, lastOrder: 2_000_000 }]);
      expect(await store().conversations.listGroupActivity('corpA', 'alice')).toEqual([{ openConversationId: 'cidGroupA', unreadCount: 0, lastOrder: 2_000_000 }]);
      expect(await store().conversations.listGroupActivity('corpB', 'alice')).toEqual([]);

      expect(await store().conversations.markGroupRead('corpB', 'bob', 'cidGroupA', 3_000)).toBe(0);
      expect(await store().conversations.markGroupRead('corpA', 'bob', 'cidGroupA', 3_000)).toBe(2);
      expect(await store().conversations.markGroupRead('corpA', 'bob', 'cidGroupA', 4_000)).toBe(0);
      expect((await store().conversations.listGroupMessages('corpA', 'bob', 'cidGroupA')).map((m) => m.readAt)).toEqual([3_000, 3_000]);
      expect(await store().conversations.listGroupActivity('corpA', 'carol')).toEqual([{ openConversationId: 'cidGroupA', unreadCount: 2, lastOrder: 2_000_000 }]);
    });
  });

  describe('sessionWebhooks', () => {
    const session: SessionWebhookRecord = { corpId: 'corpA', sessionHash: 'sh1', robotCode: 'appA', userId: 'alice', openConversationId: null, expiresAt: 9_000 };

    it("finds a sessionWebhook of the corp (one-to-one or group), whatever its expiry, never another corp's", async () => {
      await store().conversations.createSessionWebhook(session);
      await store().conversations.createSessionWebhook({ ...session, sessionHash: 'sh2', openConversationId: 'cidGroupA' });
      expect(await store().conversations.findSessionWebhook('corpA', 'sh1')).toEqual(session);
      expect(await store().conversations.findSessionWebhook('corpA', 'sh2')).toEqual({ ...session, sessionHash: 'sh2', openConversationId: 'cidGroupA' });
      expect(await store().conversations.findSessionWebhook('corpB', 'sh1')).toBeUndefined();
    });
  });

  describe('deleteAll', () => {
    it('removes every user message, copy, conversation and sessionWebhook of every corp', async () => {
      await store().conversations.ensureOneToOneConversation('corpA', 'appA', 'alice', 'cid1');
      await store().conversations.insertMessage(toRobot('m1', 1_000));
      await store().conversations.insertMessage(toRobot('m2', 1_000, { corpId: 'corpB' }));
      await store().conversations.insertMessage(inGroup('g1', 2_000), copies(2_000));
      await store().conversations.createSessionWebhook({ corpId: 'corpA', sessionHash: 'sh1', robotCode: 'appA', userId: 'alice', openConversationId: null, expiresAt: 9_000 });
      await store().conversations.deleteAll();
      expect(await store().conversations.listOneToOneMessages('corpA', 'alice', 'appA')).toEqual([]);
      expect(await store().conversations.listOneToOneMessages('corpB', 'alice', 'appA')).toEqual([]);
      expect(await store().conversations.listGroupActivity('corpA', 'bob')).toEqual([]);
      expect(await store().conversations.findSessionWebhook('corpA', 'sh1')).toBeUndefined();
      expect(await store().conversations.ensureOneToOneConversation('corpA', 'appA', 'alice', 'cid2')).toBe('cid2');
    });
  });

  describe('purge', () => {
    it('purgeMessagesBefore deletes the user messages of every corp written before the cutoff, with their copies, and keeps the newer ones and the conversations', async () => {
      await store().conversations.ensureOneToOneConversation('corpA', 'appA', 'alice', 'cid1');
      await store().conversations.insertMessage(toRobot('m1', 1_000));
      await store().conversations.insertMessage(toRobot('m1', 1_000, { corpId: 'corpB' }));
      await store().conversations.insertMessage(inGroup('g1', 2_000), copies(2_000));
      await store().conversations.insertMessage(toRobot('m2', 3_000));
      await store().conversations.insertMessage(inGroup('g2', 3_000), copies(3_000));
      expect(await store().conversations.purgeMessagesBefore(3_000, 10)).toBe(3);
      expect((await store().conversations.listOneToOneMessages('corpA', 'alice', 'appA')).map((m) => m.msgId)).toEqual(['m2']);
      expect(await store().conversations.listOneToOneMessages('corpB', 'alice', 'appA')).toEqual([]);
      expect((await store().conversations.listGroupMessages('corpA', 'bob', 'cidGroupA')).map((m) => m.msgId)).toEqual(['g2']);
      expect(await store().conversations.listGroupActivity('corpA', 'bob')).toEqual([{ openConversationId: 'cidGroupA', unreadCount: 1, lastOrder: 3_000_000 }]);
      expect(await store().conversations.ensureOneToOneConversation('corpA', 'appA', 'alice', 'cid2')).toBe('cid1');
      expect(await store().conversations.purgeMessagesBefore(3_000, 10)).toBe(0);
    });

    it('purgeMessagesBefore deletes at most `limit` messages a call, the oldest first', async () => {
      for (const [msgId, at] of [['m1', 1_000], ['m2', 2_000], ['m3', 3_000]] as const) await store().conversations.insertMessage(toRobot(msgId, at));
      expect(await store().conversations.purgeMessagesBefore(10_000, 2)).toBe(2);
      expect((await store().conversations.listOneToOneMessages('corpA', 'alice', 'appA')).map((m) => m.msgId)).toEqual(['m3']);
    });

    it('purgeExpiredSessionWebhooks deletes those of every corp expired at `now`, and keeps the live ones', async () => {
      const session = (corpId: string, sessionHash: string, expiresAt: number): SessionWebhookRecord => ({ corpId, sessionHash, robotCode: 'appA', userId: 'alice', openConversationId: null, expiresAt });
      for (const webhook of [session('corpA', 'sh1', 5_000), session('corpB', 'sh1', 4_000), session('corpA', 'sh2', 5_001)]) await store().conversations.createSessionWebhook(webhook);
      expect(await store().conversations.purgeExpiredSessionWebhooks(5_000, 10)).toBe(2);
      expect(await store().conversations.findSessionWebhook('corpA', 'sh1')).toBeUndefined();
      expect(await store().conversations.findSessionWebhook('corpB', 'sh1')).toBeUndefined();
      expect(await store().conversations.findSessionWebhook('corpA', 'sh2')).toEqual(session('corpA', 'sh2', 5_001));
      expect(await store().conversations.purgeExpiredSessionWebhooks(5_000, 10)).toBe(0);
    });
  });
});
