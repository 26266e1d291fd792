/**
 * An in-process cache of at most `capacity` entries, least recently used dropped first, for what the
 * request path reads from the store again and again (token grants, robots, user names). It holds only
 * what `load` found (an absent answer is never kept), and a value loaded while something was dropped
 * is answered but not kept: a drop that races a load from the store never leaves the older value behind.
 * Whoever changes the data drops it here through `CacheInvalidation` (src/domain/directoryCaches.ts).
 */
export class BoundedCache<Key, Value> {
  private readonly entries = new Map<Key, Value>();
  /** Moves on every drop: a load that began before it does not keep what it read. */
  private generation = 0;

  constructor(private readonly capacity: number) {}

  /**
   * The cached value of `key` when `isUsable` accepts it, or else what `load` finds (kept when it
   * found something).
   */
  async get(key: Key, load: () => Promise<Value | undefined>, isUsable: (cached: Value) => boolean = () => true): Promise<Value | undefined> {
    const cached = this.peek(key);
    if (cached !== undefined && isUsable(cached)) return cached;
    const generation = this.generation;
    const loaded = await load();
    if (loaded !== undefined && generation === this.generation) this.set(key, loaded);
    return loaded;
  }

  /** The cached value of `key` (now the most recently used), without loading. */
  peek(key: Key): Value | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The generation to hand to `setIfUnchanged` after a load begun now. */
  currentGeneration(): number {
    return this.generation;
  }

  /** Keeps `value` unless something was dropped since `generation` was read. */
  setIfUnchanged(key: Key, value: Value, generation: number): void {
    if (generation === this.generation) this.set(key, value);
  }

  drop(key: Key): void {
    this.generation += 1;
    this.entries.delete(key);
  }

  /** Drops every entry `matches` accepts. */
  dropWhere(matches: (key: Key, value: Value) => boolean): void {
    this.generation += 1;
    for (const [key, value] of this.entries) if (matches(key, value)) this.entries.delete(key);
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private set(key: Key, value: Value): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as Key);
  }
}
