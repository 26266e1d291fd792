import { aboutMessage } from '../domain/robotMessages.js';
import type { ChatRef, MessagePlace } from '../store/messageStore.js';
import type { Store } from '../store/store.js';
import type { NodeChannel, NodeNote } from './nodeChannel.js';

/**
 * What happened in chats (robot messages sent, read, recalled; users' messages), for live subscribers (the web client, the
 * console). Published after the change is committed, on the node that made it; the other nodes hear of it through the
 * channel between nodes (nodeChannel.ts).
 */
export type DingoEvent =
  | (AboutMessage & { type: 'delivered'; userIds: string[] })
  | (AboutMessage & { type: 'read'; userId: string })
  | (AboutMessage & { type: 'recalled'; userIds: string[] })
  | UserSaid;

/** A user (`senderId`) wrote into a chat: `userIds` are the chat's members who see it. */
export interface UserSaid {
  type: 'said';
  corpId: string;
  msgId: string;
  chat: ChatRef;
  senderId: string;
  userIds: string[];
  at: number;
}

/** The message an event is about, the chat it is in, and when it happened (epoch ms). */
export type AboutMessage = MessagePlace & {
  corpId: string;
  processQueryKey: string;
  robotCode: string;
  at: number;
};

export type EventListener = (event: DingoEvent) => void;

/** What the event bus re-reads when another node's note arrives. */
export type LiveEventSource = Pick<Store, 'messages' | 'groups'>;

/**
 * The live events of every node, for this node's subscribers: an event published here reaches them, whole, and goes to
 * the other nodes as a small note; a note from another node is turned back into its event by re-reading the message
 * (and a group's members) from the store, in the order notes arrive.
 *
 * Two kinds of subscribers. Those of every corp (in-process observers, such as the tests that watch what a request published: keep them cheap) hear of an
 * event at once, as it is published. Those of one corp (the live streams, which serialise and write to sockets) are
 * kept by corp, so an event reaches only its own corp's, and hear of it off the request path: published events are
 * queued and handed out together once the current turn of the event loop is over (after the response that published
 * them is written), in the order they were published, which is the order their changes committed in. The note to
 * the other nodes goes then too.
 */
export class EventBus {
  private readonly everyCorp = new Set<EventListener>();
  private readonly byCorp = new Map<string, Set<EventListener>>();
  private queued: DingoEvent[] = [];
  private arrivals: Promise<void> = Promise.resolve();

  constructor(
    private readonly channel: NodeChannel,
    store: LiveEventSource,
  ) {
    channel.subscribe((note, from) => {
      if (from === 'this node') return;
      this.arrivals = this.arrivals
        .then(() => eventOfNote(note, store))
        .then((event) => event && this.deliver(event))
        .catch(() => undefined);
    });
  }

  /** Calls `listener` for every event of every corp from now on, as it is published; returns the function that stops it. */
  subscribe(listener: EventListener): () => void {
    this.everyCorp.add(listener);
    return () => this.everyCorp.delete(listener);
  }

  /** Calls `listener` for every event of `corpId` from now on, after the turn that published it; returns the function that stops it. */
  subscribeToCorp(corpId: string, listener: EventListener): () => void {
    const listeners = this.byCorp.get(corpId) ?? new Set<EventListener>();
    this.byCorp.set(corpId, listeners.add(listener));
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.byCorp.get(corpId) === listeners) this.byCorp.delete(corpId);
    };
  }

  publish(event: DingoEvent): void {
    notify(this.everyCorp, event);
    this.queued.push(event);
    if (this.queued.length === 1) setImmediate(() => this.deliverQueued());
  }

  private deliverQueued(): void {
    const events = this.queued;
    this.queued = [];
    for (const event of events) {
      notify(this.byCorp.get(event.corpId), event);
      this.channel.publish(noteOfEvent(event));
    }
  }

  /** An event from another node: every subscriber hears of it now (it is already off any request path). */
  private deliver(event: DingoEvent): void {
    notify(this.everyCorp, event);
    notify(this.byCorp.get(event.corpId), event);
  }
}

function notify(listeners: Iterable<EventListener> | undefined, event: DingoEvent): void {
  for (const listener of listeners ?? []) {
    try {
      listener(event);
    } catch {
      // A failing subscriber must not break the request that published, nor other subscribers.
    }
  }
}

/** The note that tells other nodes of `event`: ids only. */
function noteOfEvent(event: DingoEvent): NodeNote {
  const { corpId, at } = event;
  if (event.type === 'said') return { kind: 'said', corpId, msgId: event.msgId, chat: event.chat, senderId: event.senderId, at };
  if (event.type === 'read') return { kind: 'read', corpId, processQueryKey: event.processQueryKey, userId: event.userId, at };
  return { kind: event.type, corpId, processQueryKey: event.processQueryKey, at };
}

/** The event a live note stands for, read back from the store; undefined for other notes and for what is gone. */
async function eventOfNote(note: NodeNote, store: LiveEventSource): Promise<DingoEvent | undefined> {
  if (note.kind === 'said') {
    const { kind: type, ...said } = note;
    const members = note.chat.kind === 'oto' ? [note.senderId] : ((await store.groups.findGroup(note.corpId, note.chat.openConversationId))?.members ?? []);
    return { type, ...said, userIds: [...members] };
  }
  if (note.kind !== 'delivered' && note.kind !== 'recalled' && note.kind !== 'read') return undefined;
  const message = await store.messages.find(note.corpId, note.processQueryKey);
  if (!message) return undefined;
  const about = aboutMessage(message, note.at);
  if (note.kind === 'read') return { type: 'read', ...about, userId: note.userId };
  const recipients = await store.messages.listRecipients(note.corpId, note.processQueryKey);
  return { type: note.kind, ...about, userIds: recipients.map((r) => r.userId) };
}
