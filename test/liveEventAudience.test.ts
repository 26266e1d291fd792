import { describe, expect, it } from 'vitest';
import { framedForEachViewer, liveEventFor, type LiveEventView, type LiveEventViewer } from '../src/domain/liveEventAudience.js';
import { EventBus, type DingoEvent } from '../src/events/bus.js';
import type { NodeNote } from '../src/events/nodeChannel.js';
import { InProcessChannel } from '../src/events/nodeChannel.js';
import type { LiveEventSource } from '../src/events/bus.js';

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

describe('framing a live event for many streams', () => {
  it('frames each distinct view once, gives each viewer what liveEventFor says, and nothing to those who do not see it', () => {
    const frames: LiveEventView[] = [];
    const framed = framedForEachViewer(delivered({ userIds: ['alice', 'bob'] }), (view) => {
      frames.push(view);
      return JSON.stringify(view);
    });
    const viewers = [alice, bob, admin, viewer('root2', true), viewer('dave'), viewer('alice', false, 'corpB'), alice];
    const texts = viewers.map((v) => framed(v));
    expect(texts).toEqual(viewers.map((v) => (liveEventFor(delivered({ userIds: ['alice', 'bob'] }), v) ? JSON.stringify(liveEventFor(delivered({ userIds: ['alice', 'bob'] }), v)) : undefined)));
    expect(frames).toEqual([
      { type: 'delivered', processQueryKey: 'pqk', chatId: 'oto:robotA' },
      { type: 'delivered', processQueryKey: 'pqk', chatId: null },
    ]);
  });
});

describe('the event bus', () => {
  const unused = {} as LiveEventSource;

  it("gives a corp's subscribers only that corp's events, after the publishing turn, in the order published; every-corp subscribers at once", async () => {
    const channel = new InProcessChannel();
    const notes: NodeNote[] = [];
    channel.subscribe((note) => notes.push(note));
    const bus = new EventBus(channel, unused);
    const ofCorpA: string[] = [];
    const ofCorpB: string[] = [];
    const ofEveryCorp: string[] = [];
    bus.subscribeToCorp('corpA', (event) => ofCorpA.push(`${event.type} ${event.at}`));
    const stopB = bus.subscribeToCorp('corpB', (event) => ofCorpB.push(`${event.type} ${event.at}`));
    bus.subscribe((event) => ofEveryCorp.push(`${event.corpId} ${event.at}`));

    bus.publish(delivered({ at: 1 }));
    bus.publish(delivered({ corpId: 'corpB', at: 2 }));
    bus.publish(recalled);
    bus.publish({ ...read, at: 3 });
    expect(ofEveryCorp).toEqual(['corpA 1', 'corpB 2', 'corpA 1', 'corpA 3']);
    expect([ofCorpA, ofCorpB, notes]).toEqual([[], [], []]);

    await new Promise((resolve) => setImmediate(resolve));
    expect(ofCorpA).toEqual(['delivered 1', 'recalled 1', 'read 3']);
    expect(ofCorpB).toEqual(['delivered 2']);
    expect(notes.map((note) => note.kind)).toEqual(['delivered', 'delivered', 'recalled', 'read']);

    stopB();
    bus.publish(delivered({ corpId: 'corpB', at: 4 }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ofCorpB).toEqual(['delivered 2']);
  });
});
