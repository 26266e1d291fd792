import { type CacheInvalidation, EVERYTHING } from '../events/cacheInvalidation.js';
import type { DirectoryStore, RobotRecord } from '../store/directoryStore.js';
import { BoundedCache } from './boundedCache.js';

/**
 * The areas of the in-process caches and how they are keyed (docs/architecture.md, Several nodes):
 * whoever changes what they hold invalidates it through `CacheInvalidation`, on every node.
 */
export const CACHE_AREAS = {
  /** What an app's tokens grant: keyed `${corpId}/${appKey}` (secret, permissions, app removed, token issued again). */
  appGrants: 'app-grants',
  /** Robots: keyed `${corpId}/${robotCode}`. */
  robots: 'robots',
  /** A corp's users: keyed `${corpId}`. */
  users: 'users',
} as const;

/** How many entries each cache keeps at most. */
export const CACHE_CAPACITY = 10_000;

export const appGrantKey = (corpId: string, appKey: string): string => `${corpId}/${appKey}`;
export const robotKey = (corpId: string, robotCode: string): string => `${corpId}/${robotCode}`;

/** Calls `drop(key)` for each key of `area` invalidated on any node, `clear()` when everything is (CacheInvalidation.invalidateAll). */
export function followInvalidations(caches: Pick<CacheInvalidation, 'onInvalidate'>, area: string, drop: (key: string) => void, clear: () => void): () => void {
  return caches.onInvalidate(area, (key) => (key === EVERYTHING ? clear() : drop(key)));
}

interface CachedName {
  corpId: string;
  name: string;
}

/**
 * The directory reads of the robot API's request path, cached: robots (stopped ones too) and the
 * names of a corp's users. Only what exists is kept: an unknown robot or user is read again each time.
 */
export class CachedDirectory {
  private readonly robots = new BoundedCache<string, RobotRecord>(CACHE_CAPACITY);
  /** Keyed `${corpId}\0${userId}` (no stored text holds U+0000). */
  private readonly userNames = new BoundedCache<string, CachedName>(CACHE_CAPACITY);

  constructor(
    private readonly directory: Pick<DirectoryStore, 'findRobot' | 'findUserNames'>,
    caches: Pick<CacheInvalidation, 'onInvalidate'>,
  ) {
    followInvalidations(caches, CACHE_AREAS.robots, (key) => this.robots.drop(key), () => this.robots.clear());
    followInvalidations(
      caches,
      CACHE_AREAS.users,
      (corpId) => this.userNames.dropWhere((_key, cached) => cached.corpId === corpId),
      () => this.userNames.clear(),
    );
  }

  findRobot(corpId: string, robotCode: string): Promise<RobotRecord | undefined> {
    return this.robots.get(robotKey(corpId, robotCode), () => this.directory.findRobot(corpId, robotCode));
  }

  /** Names of those of `userIds` that are users of the corp; the store is asked only for those not cached. */
  async findUserNames(corpId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const missing: string[] = [];
    for (const userId of userIds) {
      const cached = this.userNames.peek(userNameKey(corpId, userId));
      if (cached === undefined) missing.push(userId);
      else names.set(userId, cached.name);
    }
    if (missing.length === 0) return names;
    const generation = this.userNames.currentGeneration();
    for (const [userId, name] of await this.directory.findUserNames(corpId, missing)) {
      names.set(userId, name);
      this.userNames.setIfUnchanged(userNameKey(corpId, userId), { corpId, name }, generation);
    }
    return names;
  }
}

function userNameKey(corpId: string, userId: string): string {
  return `${corpId}\u0000${userId}`;
}
