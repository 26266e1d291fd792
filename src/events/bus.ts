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
 * The live events of every node, for this node's subscribers: an event published here reaches them at
 * once, whole, and goes to the other nodes as a small note; a note from another node is turned back into
 * its event by re-reading the message (and a group's members) from the store, in the order notes arrive.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
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

  /** Calls `listener` for every event from now on; returns the function that stops it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: DingoEvent): void {
    this.deliver(event);
    this.channel.publish(noteOfEvent(event));
  }

  private deliver(event: DingoEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing subscriber must not break the request that published, nor other subscribers.
      }
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
