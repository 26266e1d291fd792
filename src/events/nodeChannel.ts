import type { ChatRef } from '../store/messageStore.js';

/**
 * What one node tells every node (itself included): small notes of ids and kinds, never documents;
 * a node re-reads from the store what a note points at. docs/architecture.md lists them.
 */
export type NodeNote =
  /** Live events of the web client and console (see LiveEvents in bus.ts). */
  | { kind: 'delivered' | 'recalled'; corpId: string; processQueryKey: string; at: number }
  | { kind: 'read'; corpId: string; processQueryKey: string; userId: string; at: number }
  | { kind: 'said'; corpId: string; msgId: string; chat: ChatRef; senderId: string; at: number }
  /** A user's message to an app, or its redelivery, waits for a receiver: a node holding a connection of `clientId` pushes it. */
  | { kind: 'deliveryDue'; clientId: string }
  /** A web session ended: its live streams close on every node. */
  | { kind: 'signedOut'; corpId: string; sessionHash: string }
  /** What an in-process cache holds of `key` in `area` changed: every node drops it. */
  | { kind: 'invalidate'; area: string; key: string }
  /** The dev clock was moved: nodes re-read the stored offset. */
  | { kind: 'clockMoved' };

/** Where a note comes from: this node (delivered at once, in-process) or another one (through the database). */
export type NoteOrigin = 'this node' | 'another node';

export type NoteListener = (note: NodeNote, from: NoteOrigin) => void;

/**
 * The one channel between nodes: every note published reaches every subscriber of
 * every node exactly once, the publishing node's own at once. The in-process channel
 * serves one node (SQLite); PostgresChannel carries notes between nodes over
 * PostgreSQL LISTEN/NOTIFY.
 */
export interface NodeChannel {
  publish(note: NodeNote): void;
  /** Calls `listener` for every note from now on; returns the function that stops it. */
  subscribe(listener: NoteListener): () => void;
  close(): Promise<void>;
}

/** The subscribers of one node, each called in turn; a failing one never stops the others nor the publisher. */
export class NoteListeners {
  private readonly listeners = new Set<NoteListener>();

  add(listener: NoteListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  deliver(note: NodeNote, from: NoteOrigin): void {
    for (const listener of this.listeners) {
      try {
        listener(note, from);
      } catch {
        // A failing subscriber must not break the publisher, nor other subscribers.
      }
    }
  }
}

/** One node alone: notes go to its own subscribers only. */
export class InProcessChannel implements NodeChannel {
  private readonly listeners = new NoteListeners();

  publish(note: NodeNote): void {
    this.listeners.deliver(note, 'this node');
  }

  subscribe(listener: NoteListener): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {}
}
