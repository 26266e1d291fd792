import type { NodeChannel } from './nodeChannel.js';

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

  /**
   * Calls `drop` with every key of `area` invalidated on any node, and with `*` when the area `*` is
   * (every area: the channel between nodes was away and may have lost notes); returns the function that stops it.
   */
  onInvalidate(area: string, drop: (key: string) => void): () => void {
    return this.channel.subscribe((note) => {
      if (note.kind === 'invalidate' && (note.area === area || note.area === '*')) drop(note.area === '*' ? '*' : note.key);
    });
  }
}
