/**
 * What happened to robot messages, for live subscribers (the web client, the
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
  /** The robot of a one-to-one chat; null in groups. */
  robotCode: string | null;
  openConversationId: string | null;
  userIds: string[];
  at: number;
}

/** The message an event is about, and when it happened (epoch ms). */
export interface AboutMessage {
  corpId: string;
  processQueryKey: string;
  robotCode: string;
  /** Null for one-to-one messages. */
  openConversationId: string | null;
  at: number;
}

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
