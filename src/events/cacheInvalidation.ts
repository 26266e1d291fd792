import type { NodeChannel } from './nodeChannel.js';

/** The area and key of a note that drops everything of every cache. */
export const EVERYTHING = '*';

/**
 * How an in-process cache stays true on every node: whoever changes what a cache
 * holds calls `invalidate(area, key)`, and every node's subscribers of that area
 * (this node's too) drop `key`. An area is a cache's name, e.g. 'robots'; a key is
 * what it is keyed by, e.g. `corpId/robotCode`.
 */
export class CacheInvalidation {
  constructor(private readonly channel: NodeChannel) {}

  invalidate(area: string, key: string): void {
    this.channel.publish({ kind: 'invalidate', area, key });
  }

  /** Tells every node's caches that anything may have changed (a seed applied, the control plane's reset). */
  invalidateAll(): void {
    this.invalidate(EVERYTHING, EVERYTHING);
  }

  /**
   * Calls `drop` with every key of `area` invalidated on any node, and with `*` when the area `*` is
   * (every area: the channel between nodes was away and may have lost notes); returns the function that stops it.
   */
  onInvalidate(area: string, drop: (key: string) => void): () => void {
    return this.channel.subscribe((note) => {
      if (note.kind === 'invalidate' && (note.area === area || note.area === EVERYTHING)) drop(note.area === EVERYTHING ? EVERYTHING : note.key);
    });
  }
}
