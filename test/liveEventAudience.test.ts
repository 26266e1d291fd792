import { describe, expect, it } from 'vitest';
import { liveEventFor, type LiveEventViewer } from '../src/domain/liveEventAudience.js';
import type { DingoEvent } from '../src/events/bus.js';

const viewer = (userId: string, isAdmin = false, corpId = 'corpA'): LiveEventViewer => ({ corpId, userId, isAdmin });
const alice = viewer('alice');
const bob = viewer('bob');
const admin = viewer('root', true);

type AboutRobotMessage = Extract<DingoEvent, { type: 'delivered' | 'recalled' }>;
const oneToOne = { corpId: 'corpA', processQueryKey: 'pqk', robotCode: 'robotA', chatKind: 'oto', openConversationId: null, userIds: ['alice'], at: 1 } as const;
const delivered = (over: Partial<AboutRobotMessage> = {}): DingoEvent => ({ type: 'delivered', ...oneToOne, userIds: ['alice'], ...over }) as AboutRobotMessage;
const recalled: DingoEvent = { type: 'recalled', ...oneToOne, userIds: ['alice'] };
const inGroup = { chatKind: 'group', openConversationId: 'cidGroup==' } as const;
const said: DingoEvent = { type: 'said', corpId: 'corpA', msgId: 'msg1', chat: { kind: 'group', openConversationId: 'cidGroup==' }, senderId: 'bob', userIds: ['alice', 'bob'], at: 1 };
const read: DingoEvent = { type: 'read', corpId: 'corpA', processQueryKey: 'pqk', robotCode: 'robotA', chatKind: 'p2p', openConversationId: 'cidP2p==', userId: 'alice', at: 1 };

describe('who sees which live event', () => {
  describe('tenancy', () => {
    it("never shows another corp's event, to a recipient of the same userId nor to an admin", () => {
      for (const event of [delivered(), said, read]) {
        expect(liveEventFor(event, viewer('alice', false, 'corpB'))).toBeUndefined();
        expect(liveEventFor(event, viewer('root', true, 'corpB'))).toBeUndefined();
      }
    });
  });

  describe('a user sees the events of chats they are in', () => {
    it("a robot's one-to-one message delivered to them, named by its key, in the robot's chat", () => {
      expect(liveEventFor(delivered(), alice)).toEqual({ type: 'delivered', processQueryKey: 'pqk', chatId: 'oto:robotA' });
      expect(liveEventFor(recalled, alice)).toEqual({ type: 'recalled', processQueryKey: 'pqk', chatId: 'oto:robotA' });
    });

    it('nothing of a message that did not reach them', () => {
      expect(liveEventFor(delivered(), bob)).toBeUndefined();
    });

    it('their own reads, in the chat of the message; not the reads of others', () => {
      expect(liveEventFor(read, alice)).toEqual({ type: 'read', processQueryKey: 'pqk', userId: 'alice', chatId: 'p2p:cidP2p==' });
      expect(liveEventFor(read, bob)).toBeUndefined();
    });
  });

  describe('group events for members', () => {
    it("a robot's group message for each member it was delivered to, in the group's chat; nothing for others", () => {
      const event = delivered({ ...inGroup, userIds: ['alice', 'bob'] });
      for (const member of [alice, bob]) expect(liveEventFor(event, member)).toEqual({ type: 'delivered', processQueryKey: 'pqk', chatId: 'group:cidGroup==' });
      expect(liveEventFor(event, viewer('dave'))).toBeUndefined();
    });

    it("what a member says, for the group's members, by its msgId", () => {
      expect(liveEventFor(said, bob)).toEqual({ type: 'said', msgId: 'msg1', chatId: 'group:cidGroup==' });
      expect(liveEventFor(said, viewer('dave'))).toBeUndefined();
    });
  });

  describe('admins watch their whole corp for the console', () => {
    it('see every event of their corp, without a chat when it is not theirs', () => {
      expect(liveEventFor(delivered(), admin)).toEqual({ type: 'delivered', processQueryKey: 'pqk', chatId: null });
      expect(liveEventFor(read, admin)).toEqual({ type: 'read', processQueryKey: 'pqk', userId: 'alice', chatId: null });
      expect(liveEventFor(said, admin)).toEqual({ type: 'said', msgId: 'msg1', chatId: null });
    });

    it('see their own chat named when the event touches them', () => {
      expect(liveEventFor(said, viewer('alice', true))).toEqual({ type: 'said', msgId: 'msg1', chatId: 'group:cidGroup==' });
    });
  });
});
