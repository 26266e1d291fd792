import type { ChatRef, MessagePlace } from '../store/messageStore.js';

/**
 * What happened in chats (robot messages sent, read, recalled; users' messages), for live subscribers (the web client, the
 * console). Published after the change is committed. In-process for one node;
 * several nodes relay them over PostgreSQL LISTEN/NOTIFY.
 */
export type DingoEvent =
  | (AboutMessage & { type: 'delivered'; userIds: string[] })
  | (AboutMessage & { type: 'read'; userId: string })
  | (AboutMessage & { type: 'recalled'; userIds: string[] })
  | UserSaid;

/** A user wrote into a chat: `userIds` are the chat's members who see it. */
export interface UserSaid {
  type: 'said';
  corpId: string;
  msgId: string;
  chat: ChatRef;
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

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  /** Calls `listener` for every event from now on; returns the function that stops it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: DingoEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing subscriber must not break the request that published, nor other subscribers.
      }
    }
  }
}
