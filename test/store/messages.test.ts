import { describe, expect, it } from 'vitest';
import type { ChatRef, MessageRecord, NewMessage } from '../../src/store/messageStore.js';
import type { Store } from '../../src/store/store.js';
import { BACKEND, useStore } from './storeFixtures.js';

type Sent = Partial<Omit<NewMessage, 'chatKind' | 'openConversationId'>>;

/** A one-to-one message of corp A's robot appA; `at` gives createdAt and a sendOrder in the same order. */
const oneToOne = (processQueryKey: string, at: number, fields: Sent = {}): NewMessage => ({
  corpId: 'corpA',
  processQueryKey,
  robotCode: 'appA',
  chatKind: 'oto',
  openConversationId: null,
  msgKey: 'sampleText',
  msgParam: JSON.stringify({ content: processQueryKey }),
  createdAt: at,
  sendOrder: at * 1000,
  recipients: ['alice', 'bob'],
  ...fields,
});

/** A message into a group (or a person-to-person chat) of corp A. */
const inConversation = (kind: 'group' | 'p2p', openConversationId: string, processQueryKey: string, at: number, fields: Sent = {}): NewMessage => ({
  ...oneToOne(processQueryKey, at, fields),
  chatKind: kind,
  openConversationId,
});

/** What find answers for a message sent as `sent`. */
const stored = ({ recipients: _recipients, sendOrder: _sendOrder, ...message }: NewMessage, recalledAt: number | null = null): MessageRecord =>
  ({ ...message, recalledAt }) as MessageRecord;

const ALICE_CHAT: ChatRef = { kind: 'oto', robotCode: 'appA' };

async function insertAll(store: Store, ...messages: NewMessage[]): Promise<void> {
  for (const message of messages) await store.messages.insert(message);
}

describe(`store.messages on ${BACKEND}`, () => {
  const store = useStore();

  describe('insert and find', () => {
    it('keeps every kind of message as sent, under its corp', async () => {
      const sent = [oneToOne('k1', 1_000), inConversation('group', 'cidGroupA', 'k2', 2_000), inConversation('p2p', 'cidAliceBob', 'k3', 3_000, { robotCode: 'suiteBot' })];
      await insertAll(store(), ...sent);
      for (const message of sent) expect(await store().messages.find('corpA', message.processQueryKey)).toEqual(stored(message));
      expect(await store().messages.find('corpB', 'k1')).toBeUndefined();
      expect(await store().messages.find('corpA', 'unknown')).toBeUndefined();
    });

    it('refuses a second message with the same processQueryKey in a corp, and lets another corp use it', async () => {
      await store().messages.insert(oneToOne('k1', 1_000));
      await expect(store().messages.insert(oneToOne('k1', 2_000))).rejects.toThrow();
      await store().messages.insert(oneToOne('k1', 2_000, { corpId: 'corpB', robotCode: 'appB', recipients: ['alice'] }));
      expect(await store().messages.find('corpB', 'k1')).toMatchObject({ robotCode: 'appB' });
    });
  });

  describe('inserts of one turn', () => {
    it('stores each message with its recipients in order, and refuses only the one that cannot be stored', async () => {
      await store().messages.insert(oneToOne('k1', 1_000, { recipients: ['alice'] }));
      const inserts = [
        oneToOne('k2', 2_000, { recipients: ['carol', 'alice'] }),
        oneToOne('k1', 2_500, { recipients: ['bob'] }),
        inConversation('group', 'cidGroupA', 'k3', 3_000, { recipients: ['bob', 'carol', 'alice'] }),
        oneToOne('k4', 4_000, { recipients: [] }),
      ].map((message) => store().messages.insert(message));
      const outcomes = await Promise.allSettled(inserts);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const recipientsOf = async (key: string) => (await store().messages.listRecipients('corpA', key)).map((r) => r.userId);
      expect(await recipientsOf('k1')).toEqual(['alice']);
      expect(await store().messages.find('corpA', 'k1')).toMatchObject({ createdAt: 1_000 });
      expect(await recipientsOf('k2')).toEqual(['carol', 'alice']);
      expect(await recipientsOf('k3')).toEqual(['bob', 'carol', 'alice']);
      expect(await store().messages.find('corpA', 'k3')).toMatchObject({ chatKind: 'group', openConversationId: 'cidGroupA' });
      expect(await recipientsOf('k4')).toEqual([]);
      expect(await store().messages.find('corpA', 'k4')).toMatchObject({ createdAt: 4_000 });
    });
  });

  describe('flow-control counts', () => {
    it("countRecentDeliveries: each user's one-to-one copies from the robot after `since`, up to `upTo`; users with none are absent", async () => {
      await insertAll(
        store(),
        oneToOne('k1', 1_000),
        oneToOne('k2', 2_000, { recipients: ['alice'] }),
        oneToOne('k3', 3_000, { robotCode: 'suiteBot' }),
        inConversation('group', 'cidGroupA', 'k4', 3_000, { recipients: ['alice', 'bob'] }),
        oneToOne('k5', 3_000, { corpId: 'corpB', recipients: ['alice'] }),
      );
      expect(await store().messages.countRecentDeliveries('corpA', 'appA', ['alice', 'bob', 'carol'], 0, 20)).toEqual(new Map([['alice', 2], ['bob', 1]]));
      // `since` is exclusive.
      expect(await store().messages.countRecentDeliveries('corpA', 'appA', ['alice', 'bob'], 1_000, 20)).toEqual(new Map([['alice', 1]]));
      expect(await store().messages.countRecentDeliveries('corpA', 'appA', [], 0, 20)).toEqual(new Map());
      // Counted no further than `upTo`.
      expect(await store().messages.countRecentDeliveries('corpA', 'appA', ['alice', 'bob'], 0, 1)).toEqual(new Map([['alice', 1], ['bob', 1]]));
    });

    it('countRecentGroupMessages: messages of the robot into the group after `since`', async () => {
      await insertAll(
        store(),
        inConversation('group', 'cidGroupA', 'k1', 1_000),
        inConversation('group', 'cidGroupA', 'k2', 2_000),
        inConversation('group', 'cidGroupA', 'k3', 2_000, { robotCode: 'suiteBot' }),
        inConversation('group', 'cidOther', 'k4', 2_000),
        inConversation('group', 'cidGroupA', 'k5', 2_000, { corpId: 'corpB' }),
      );
      expect(await store().messages.countRecentGroupMessages('corpA', 'appA', 'cidGroupA', 0)).toBe(2);
      expect(await store().messages.countRecentGroupMessages('corpA', 'appA', 'cidGroupA', 1_000)).toBe(1);
      expect(await store().messages.countRecentGroupMessages('corpA', 'appA', 'cidGroupA', 2_000)).toBe(0);
    });

    it('lockRecipients: a transaction locking the same robot and user waits until the first one ends', async () => {
      const steps: string[] = [];
      let endFirst!: () => void;
      const firstMayEnd = new Promise<void>((resolve) => (endFirst = resolve));
      let firstLocked!: () => void;
      const lockedByFirst = new Promise<void>((resolve) => (firstLocked = resolve));
      const first = store().transaction(async (trx) => {
        await trx.messages.lockRecipients('corpA', 'appA', ['alice', 'bob']);
        steps.push('first locked');
        firstLocked();
        await firstMayEnd;
        steps.push('first ends');
      });
      await lockedByFirst;
      const second = store().transaction(async (trx) => {
        await trx.messages.lockRecipients('corpA', 'appA', ['carol', 'bob']);
        steps.push('second locked');
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      endFirst();
      await Promise.all([first, second]);
      expect(steps).toEqual(['first locked', 'first ends', 'second locked']);
    });
  });

  describe('recipients and readers', () => {
    it('listRecipients: every recipient in the order of the send, with directory name (or the userId) and read time', async () => {
      await store().messages.insert(oneToOne('k1', 1_000, { recipients: ['carol', 'alice', 'gone'] }));
      await store().messages.markRead('corpA', 'k1', 'alice', 1_500);
      expect(await store().messages.listRecipients('corpA', 'k1')).toEqual([
        { userId: 'carol', name: 'Carol', readAt: null },
        { userId: 'alice', name: 'Alice', readAt: 1_500 },
        { userId: 'gone', name: 'gone', readAt: null },
      ]);
      expect(await store().messages.listRecipients('corpB', 'k1')).toEqual([]);
    });

    it('listRecipientsOf: the recipients of each message asked for, every key present', async () => {
      await insertAll(store(), oneToOne('k1', 1_000), oneToOne('k2', 2_000, { recipients: ['carol'] }));
      await store().messages.markRead('corpA', 'k2', 'carol', 2_500);
      expect(await store().messages.listRecipientsOf('corpA', ['k2', 'k1', 'unknown'])).toEqual(
        new Map([
          ['k2', [{ userId: 'carol', name: 'Carol', readAt: 2_500 }]],
          ['k1', [{ userId: 'alice', name: 'Alice', readAt: null }, { userId: 'bob', name: 'Bob', readAt: null }]],
          ['unknown', []],
        ]),
      );
      expect(await store().messages.listRecipientsOf('corpB', ['k1'])).toEqual(new Map([['k1', []]]));
      expect(await store().messages.listRecipientsOf('corpA', [])).toEqual(new Map());
    });

    it('findWithRecipients: the message without its content, with its recipients as listRecipients gives them', async () => {
      const sent = inConversation('group', 'cidGroupA', 'k1', 1_000, { recipients: ['carol', 'alice', 'gone'] });
      await insertAll(store(), sent, oneToOne('k2', 2_000));
      await store().messages.markRead('corpA', 'k1', 'alice', 1_500);
      await store().messages.markRecalled('corpA', 'k1', 1_800);
      const { msgKey: _msgKey, msgParam: _msgParam, ...header } = stored(sent, 1_800);
      expect(await store().messages.findWithRecipients('corpA', 'k1')).toEqual({
        ...header,
        recipients: [
          { userId: 'carol', name: 'Carol', readAt: null },
          { userId: 'alice', name: 'Alice', readAt: 1_500 },
          { userId: 'gone', name: 'gone', readAt: null },
        ],
      });
      expect(await store().messages.findWithRecipients('corpA', 'k2')).toMatchObject({ chatKind: 'oto', openConversationId: null, recalledAt: null, recipients: [{ userId: 'alice' }, { userId: 'bob' }] });
      await store().messages.insert(oneToOne('k3', 3_000, { recipients: [] }));
      expect(await store().messages.findWithRecipients('corpA', 'k3')).toMatchObject({ processQueryKey: 'k3', recipients: [] });
      expect(await store().messages.findWithRecipients('corpB', 'k1')).toBeUndefined();
      expect(await store().messages.findWithRecipients('corpA', 'unknown')).toBeUndefined();
    });

    it('listReaders: readers by first read time then userId, a page at a time', async () => {
      await store().messages.insert(oneToOne('k1', 1_000, { recipients: ['alice', 'bob', 'carol', 'dave'] }));
      await store().messages.markRead('corpA', 'k1', 'carol', 2_000);
      await store().messages.markRead('corpA', 'k1', 'bob', 2_000);
      await store().messages.markRead('corpA', 'k1', 'alice', 3_000);
      const firstPage = await store().messages.listReaders('corpA', 'k1', undefined, 2);
      expect(firstPage).toEqual([
        { userId: 'bob', readAt: 2_000 },
        { userId: 'carol', readAt: 2_000 },
      ]);
      expect(await store().messages.listReaders('corpA', 'k1', firstPage[1], 2)).toEqual([{ userId: 'alice', readAt: 3_000 }]);
      expect(await store().messages.listReaders('corpA', 'k1', { userId: 'alice', readAt: 3_000 }, 2)).toEqual([]);
      expect(await store().messages.listReaders('corpB', 'k1', undefined, 10)).toEqual([]);
    });
  });

  describe('markRead', () => {
    it("answers 'first read' once, 'read before' after, keeping the first time; 'no copy' for anyone else", async () => {
      await store().messages.insert(oneToOne('k1', 1_000));
      expect(await store().messages.markRead('corpA', 'k1', 'alice', 2_000)).toBe('first read');
      expect(await store().messages.markRead('corpA', 'k1', 'alice', 3_000)).toBe('read before');
      expect(await store().messages.markRead('corpA', 'k1', 'carol', 3_000)).toBe('no copy');
      expect(await store().messages.markRead('corpA', 'unknown', 'alice', 3_000)).toBe('no copy');
      // corp B's alice is another user, and corp B has no message k1.
      expect(await store().messages.markRead('corpB', 'k1', 'alice', 3_000)).toBe('no copy');
      expect(await store().messages.listRecipients('corpA', 'k1')).toEqual([
        { userId: 'alice', name: 'Alice', readAt: 2_000 },
        { userId: 'bob', name: 'Bob', readAt: null },
      ]);
    });

    it("gives 'first read' to exactly one of concurrent reads", async () => {
      await store().messages.insert(oneToOne('k1', 1_000));
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => store().messages.markRead('corpA', 'k1', 'alice', 2_000 + i)));
      expect(answers.filter((a) => a === 'first read')).toHaveLength(1);
      expect(answers.filter((a) => a === 'read before')).toHaveLength(5);
    });
  });

  describe('markRecalled', () => {
    it('recalls once, keeping the first time, and names the recipients in the order of the send', async () => {
      await store().messages.insert(oneToOne('k1', 1_000, { recipients: ['bob', 'alice'] }));
      expect(await store().messages.markRecalled('corpA', 'k1', 2_000)).toEqual({ recalledNow: true, recipients: ['bob', 'alice'] });
      expect(await store().messages.markRecalled('corpA', 'k1', 3_000)).toEqual({ recalledNow: false, recipients: ['bob', 'alice'] });
      expect(await store().messages.find('corpA', 'k1')).toMatchObject({ recalledAt: 2_000 });
    });

    it("recalls nothing of another corp's, nor an unknown message", async () => {
      await store().messages.insert(oneToOne('k1', 1_000));
      expect(await store().messages.markRecalled('corpB', 'k1', 2_000)).toEqual({ recalledNow: false, recipients: [] });
      expect(await store().messages.markRecalled('corpA', 'unknown', 2_000)).toEqual({ recalledNow: false, recipients: [] });
      expect(await store().messages.find('corpA', 'k1')).toMatchObject({ recalledAt: null });
    });
  });

  describe("what a user sees", () => {
    /** alice: two one-to-one messages of appA (one recalled), one of suiteBot, two in the group (one read). */
    async function aliceHasMessages(): Promise<void> {
      await insertAll(
        store(),
        oneToOne('oto1', 1_000),
        oneToOne('suite1', 2_000, { robotCode: 'suiteBot' }),
        inConversation('group', 'cidGroupA', 'group1', 3_000, { recipients: ['alice', 'carol'] }),
        oneToOne('oto2', 4_000),
        inConversation('group', 'cidGroupA', 'group2', 5_000, { recipients: ['alice', 'carol'] }),
        oneToOne('oto3', 6_000, { recipients: ['alice'] }),
        oneToOne('otherCorp', 7_000, { corpId: 'corpB', robotCode: 'appB', recipients: ['alice'] }),
      );
      await store().messages.markRecalled('corpA', 'oto3', 6_500);
      await store().messages.markRead('corpA', 'group1', 'alice', 3_500);
    }

    it('listInbox: the copies not recalled, oldest first, with read time', async () => {
      await aliceHasMessages();
      const inbox = await store().messages.listInbox('corpA', 'alice');
      expect(inbox.map((m) => [m.processQueryKey, m.readAt])).toEqual([
        ['oto1', null],
        ['suite1', null],
        ['group1', 3_500],
        ['oto2', null],
        ['group2', null],
      ]);
      expect(inbox[2]).toEqual({ ...stored(inConversation('group', 'cidGroupA', 'group1', 3_000)), readAt: 3_500 });
      expect((await store().messages.listInbox('corpB', 'alice')).map((m) => m.processQueryKey)).toEqual(['otherCorp']);
    });

    it('listChats: one entry per chat with messages not recalled, newest activity first, with unread counts', async () => {
      await aliceHasMessages();
      expect(await store().messages.listChats('corpA', 'alice')).toEqual([
        { chat: { kind: 'group', openConversationId: 'cidGroupA' }, unreadCount: 1, lastOrder: 5_000_000 },
        { chat: ALICE_CHAT, unreadCount: 2, lastOrder: 4_000_000 },
        { chat: { kind: 'oto', robotCode: 'suiteBot' }, unreadCount: 1, lastOrder: 2_000_000 },
      ]);
      expect(await store().messages.listChats('corpA', 'dave')).toEqual([]);
    });

    it("listChatMessages: the user's copies in one chat, oldest first, with the robot's name; newestOnly: the last one", async () => {
      await aliceHasMessages();
      const chat = await store().messages.listChatMessages('corpA', 'alice', ALICE_CHAT);
      expect(chat).toEqual([
        { ...stored(oneToOne('oto1', 1_000)), robotName: 'Robot A', sendOrder: 1_000_000, readAt: null },
        { ...stored(oneToOne('oto2', 4_000)), robotName: 'Robot A', sendOrder: 4_000_000, readAt: null },
      ]);
      expect((await store().messages.listChatMessages('corpA', 'alice', ALICE_CHAT, true)).map((m) => m.processQueryKey)).toEqual(['oto2']);
      const group = await store().messages.listChatMessages('corpA', 'alice', { kind: 'group', openConversationId: 'cidGroupA' });
      expect(group.map((m) => [m.processQueryKey, m.readAt])).toEqual([
        ['group1', 3_500],
        ['group2', null],
      ]);
      expect(await store().messages.listChatMessages('corpA', 'bob', { kind: 'group', openConversationId: 'cidGroupA' })).toEqual([]);
      expect(await store().messages.listChatMessages('corpB', 'alice', ALICE_CHAT)).toEqual([]);
    });

    it('listChatMessages: a robot no longer in the directory is named by its robotCode', async () => {
      await store().messages.insert(oneToOne('k1', 1_000, { robotCode: 'goneBot' }));
      expect(await store().messages.listChatMessages('corpA', 'alice', { kind: 'oto', robotCode: 'goneBot' })).toMatchObject([{ robotName: 'goneBot' }]);
    });

    it('markChatRead: marks the unread copies of one chat (not recalled ones) and returns them; then none', async () => {
      await aliceHasMessages();
      expect(await store().messages.markChatRead('corpA', 'alice', ALICE_CHAT, 8_000)).toEqual(
        expect.arrayContaining([
          { processQueryKey: 'oto1', robotCode: 'appA' },
          { processQueryKey: 'oto2', robotCode: 'appA' },
        ]),
      );
      expect(await store().messages.markChatRead('corpA', 'alice', ALICE_CHAT, 9_000)).toEqual([]);
      expect(await store().messages.markRead('corpA', 'oto3', 'alice', 9_000)).toBe('first read');
      expect(await store().messages.listRecipients('corpA', 'oto1')).toEqual([
        { userId: 'alice', name: 'Alice', readAt: 8_000 },
        { userId: 'bob', name: 'Bob', readAt: null },
      ]);
      // The other chats keep their unread copies, and corp B's alice hers.
      expect((await store().messages.listChats('corpA', 'alice')).map((c) => c.unreadCount)).toEqual([1, 0, 1]);
      expect(await store().messages.markChatRead('corpB', 'alice', { kind: 'oto', robotCode: 'appB' }, 9_000)).toEqual([{ processQueryKey: 'otherCorp', robotCode: 'appB' }]);
    });
  });

  describe('list (the console)', () => {
    it("lists the corp's messages newest first, filtered by robot, recipient and status, at most `limit`", async () => {
      await insertAll(
        store(),
        oneToOne('k1', 1_000),
        oneToOne('k2', 2_000, { robotCode: 'suiteBot', recipients: ['carol'] }),
        inConversation('group', 'cidGroupA', 'k3', 3_000, { recipients: ['carol'] }),
        oneToOne('k4', 4_000, { corpId: 'corpB', robotCode: 'appB' }),
      );
      await store().messages.markRecalled('corpA', 'k1', 5_000);
      const keys = async (filter: Parameters<Store['messages']['list']>[1]) => (await store().messages.list('corpA', filter)).map((m) => m.processQueryKey);
      expect(await keys({ limit: 10 })).toEqual(['k3', 'k2', 'k1']);
      expect(await keys({ limit: 2 })).toEqual(['k3', 'k2']);
      expect(await keys({ robotCode: 'appA', limit: 10 })).toEqual(['k3', 'k1']);
      expect(await keys({ userId: 'carol', limit: 10 })).toEqual(['k3', 'k2']);
      expect(await keys({ status: 'recalled', limit: 10 })).toEqual(['k1']);
      expect(await keys({ status: 'sent', robotCode: 'appA', limit: 10 })).toEqual(['k3']);
      expect((await store().messages.list('corpA', { limit: 10 }))[2]).toEqual(stored(oneToOne('k1', 1_000), 5_000));
    });
  });

  describe('deleteAll', () => {
    it('removes every message and copy of every corp, and keeps the directory', async () => {
      await insertAll(store(), oneToOne('k1', 1_000), oneToOne('k2', 2_000, { corpId: 'corpB', robotCode: 'appB' }));
      await store().messages.deleteAll();
      expect(await store().messages.find('corpA', 'k1')).toBeUndefined();
      expect(await store().messages.find('corpB', 'k2')).toBeUndefined();
      expect(await store().messages.listInbox('corpA', 'alice')).toEqual([]);
      expect(await store().messages.markRead('corpA', 'k1', 'alice', 3_000)).toBe('no copy');
      expect(await store().directory.findUser('corpA', 'alice')).toMatchObject({ name: 'Alice' });
    });
  });

  describe('purgeSentBefore', () => {
    it('deletes the messages of every corp sent before the cutoff, recalled or read, with their copies, and keeps the newer ones', async () => {
      await insertAll(
        store(),
        oneToOne('k1', 1_000),
        inConversation('group', 'cidGroupA', 'k2', 2_000),
        oneToOne('k3', 3_000),
        oneToOne('k1', 1_500, { corpId: 'corpB', robotCode: 'appB', recipients: ['alice'] }),
      );
      await store().messages.markRead('corpA', 'k1', 'alice', 1_100);
      await store().messages.markRecalled('corpA', 'k2', 2_100);
      expect(await store().messages.purgeSentBefore(3_000, 10)).toBe(3);
      for (const [corpId, key] of [['corpA', 'k1'], ['corpA', 'k2'], ['corpB', 'k1']] as const) {
        expect(await store().messages.find(corpId, key)).toBeUndefined();
        expect(await store().messages.listRecipients(corpId, key)).toEqual([]);
        expect(await store().messages.markRead(corpId, key, 'alice', 4_000)).toBe('no copy');
      }
      expect(await store().messages.find('corpA', 'k3')).toEqual(stored(oneToOne('k3', 3_000)));
      expect((await store().messages.listInbox('corpA', 'alice')).map((m) => m.processQueryKey)).toEqual(['k3']);
      expect(await store().messages.listInbox('corpB', 'alice')).toEqual([]);
      expect(await store().messages.purgeSentBefore(3_000, 10)).toBe(0);
    });

    it('deletes at most `limit` messages a call, the oldest first', async () => {
      await insertAll(store(), oneToOne('k1', 1_000), oneToOne('k2', 2_000), oneToOne('k3', 3_000));
      expect(await store().messages.purgeSentBefore(10_000, 2)).toBe(2);
      expect((await store().messages.listInbox('corpA', 'bob')).map((m) => m.processQueryKey)).toEqual(['k3']);
      expect(await store().messages.purgeSentBefore(10_000, 2)).toBe(1);
      expect(await store().messages.listInbox('corpA', 'bob')).toEqual([]);
    });
  });
});
