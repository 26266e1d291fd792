import { afterAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import { BoundedCache } from '../src/domain/boundedCache.js';
import { CachedDirectory } from '../src/domain/directoryCaches.js';
import { FailedAttempts } from '../src/domain/failedAttempts.js';
import { TokenService } from '../src/domain/tokens.js';
import { CacheInvalidation } from '../src/events/cacheInvalidation.js';
import { InProcessChannel } from '../src/events/nodeChannel.js';
import type { TokenGrant, TokenIssue } from '../src/store/accessTokenStore.js';
import type { RobotRecord } from '../src/store/directoryStore.js';
import { openStore } from '../src/store/openStore.js';
import type { Store } from '../src/store/store.js';
import { TEST_SERVER_KEY } from './store/storeFixtures.js';

/** The in-process caches of the request path (src/domain/directoryCaches.ts, tokens.ts), over counting fakes of the store. */

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('BoundedCache', () => {
  it('keeps at most its capacity, dropping the least recently used first', async () => {
    const cache = new BoundedCache<string, number>(2);
    await cache.get('a', async () => 1);
    await cache.get('b', async () => 2);
    expect(cache.peek('a')).toBe(1); // a is now the most recently used
    await cache.get('c', async () => 3);
    expect([cache.peek('a'), cache.peek('b'), cache.peek('c'), cache.size]).toEqual([1, undefined, 3, 2]);
  });

  it('never keeps an absent answer, nor a value loaded while something was dropped', async () => {
    const cache = new BoundedCache<string, number>(10);
    let loads = 0;
    const load = async () => (loads++, undefined);
    await cache.get('x', load);
    await cache.get('x', load);
    expect(loads).toBe(2);

    const slow = deferred<number>();
    const racing = cache.get('y', () => slow.promise);
    cache.drop('y'); // an invalidation arrives while the store is read
    slow.resolve(1);
    expect(await racing).toBe(1);
    expect(cache.peek('y')).toBeUndefined();
  });

  it('reads again a cached value the caller cannot use', async () => {
    const cache = new BoundedCache<string, number>(10);
    await cache.get('k', async () => 1);
    expect(await cache.get('k', async () => 2, (cached) => cached > 1)).toBe(2);
    expect(cache.peek('k')).toBe(2);
  });
});

const robot = (corpId: string, robotCode: string, status: RobotRecord['status'] = 'enabled'): RobotRecord => ({
  corpId,
  robotCode,
  appKey: robotCode,
  name: robotCode,
  status,
  receive: 'stream',
  callbackUrl: null,
});

/** A directory whose robots and users the test changes, counting the reads that reach it. */
function countingDirectory() {
  const robots = new Map<string, RobotRecord>();
  const users = new Map<string, string>();
  const reads = { robots: 0, users: [] as string[][] };
  return {
    robots,
    users,
    reads,
    async findRobot(corpId: string, robotCode: string) {
      reads.robots++;
      return robots.get(`${corpId}/${robotCode}`);
    },
    async findUserNames(corpId: string, userIds: readonly string[]) {
      reads.users.push([...userIds]);
      return new Map(userIds.flatMap((id) => (users.has(`${corpId}/${id}`) ? [[id, users.get(`${corpId}/${id}`) as string] as const] : [])));
    },
  };
}

describe('CachedDirectory', () => {
  it('robots: read once, then from the cache until their key (or every key) is invalidated; unknown robots every time', async () => {
    const store = countingDirectory();
    const caches = new CacheInvalidation(new InProcessChannel());
    const directory = new CachedDirectory(store, caches);
    store.robots.set('corpA/bot', robot('corpA', 'bot'));
    expect(await directory.findRobot('corpA', 'bot')).toMatchObject({ status: 'enabled' });
    store.robots.set('corpA/bot', robot('corpA', 'bot', 'stopped'));
    expect(await directory.findRobot('corpA', 'bot')).toMatchObject({ status: 'enabled' });
    expect(store.reads.robots).toBe(1);

    caches.invalidate('robots', 'corpB/bot');
    expect(await directory.findRobot('corpA', 'bot')).toMatchObject({ status: 'enabled' });
    caches.invalidate('robots', 'corpA/bot');
    expect(await directory.findRobot('corpA', 'bot')).toMatchObject({ status: 'stopped' });

    store.robots.set('corpA/bot', robot('corpA', 'bot'));
    caches.invalidateAll();
    expect(await directory.findRobot('corpA', 'bot')).toMatchObject({ status: 'enabled' });

    expect(await directory.findRobot('corpA', 'nobody')).toBeUndefined();
    store.robots.set('corpA/nobody', robot('corpA', 'nobody'));
    expect(await directory.findRobot('corpA', 'nobody')).toMatchObject({ robotCode: 'nobody' });
    expect(store.reads.robots).toBe(5);
  });

  it("user names: asks the store only for those not cached, never keeps a non-user, and drops a corp's users when they change", async () => {
    const store = countingDirectory();
    const caches = new CacheInvalidation(new InProcessChannel());
    const directory = new CachedDirectory(store, caches);
    store.users.set('corpA/alice', 'Alice');
    store.users.set('corpB/bob', 'Bob of B');
    expect(await directory.findUserNames('corpA', ['alice', 'carol'])).toEqual(new Map([['alice', 'Alice']]));
    store.users.set('corpA/carol', 'Carol');
    store.users.set('corpA/alice', 'Alice renamed');
    expect(await directory.findUserNames('corpA', ['alice', 'carol'])).toEqual(new Map([['alice', 'Alice'], ['carol', 'Carol']]));
    expect(await directory.findUserNames('corpB', ['bob'])).toEqual(new Map([['bob', 'Bob of B']]));
    expect(store.reads.users).toEqual([['alice', 'carol'], ['carol'], ['bob']]);

    caches.invalidate('users', 'corpA');
    expect(await directory.findUserNames('corpA', ['alice'])).toEqual(new Map([['alice', 'Alice renamed']]));
    expect(await directory.findUserNames('corpB', ['bob'])).toEqual(new Map([['bob', 'Bob of B']]));
    expect(store.reads.users).toEqual([['alice', 'carol'], ['carol'], ['bob'], ['alice']]);
  });
});

describe('TokenService grants', () => {
  /** One app's token in a store that counts its reads; `grant` is what the store holds now. */
  const openedStores: Store[] = [];
  afterAll(async () => {
    for (const store of openedStores) await store.close();
  });

  /** The failed-attempt counts of the token endpoints, on an in-memory store of their own. */
  async function failedAttemptsOn(clock: OffsetClock): Promise<FailedAttempts> {
    const store = await openStore({ kind: 'sqlite', file: ':memory:' }, TEST_SERVER_KEY);
    openedStores.push(store);
    return new FailedAttempts(store, clock);
  }

  function tokenStore(initial: TokenGrant) {
    const state = { grant: initial, reads: 0 };
    return {
      state,
      store: {
        directory: {
          async findInternalApp(appKey: string) {
            return appKey === 'appA' ? { corpId: 'corpA', appKey, appSecret: 'secretA', name: 'App A', permissions: state.grant.permissions } : undefined;
          },
          async findSuite() {
            return undefined;
          },
          async isSuiteAuthorized() {
            return false;
          },
        },
        tokens: {
          async issue(issue: TokenIssue) {
            state.grant = { ...state.grant, expiresAt: issue.expiresAt };
            return 'token1';
          },
          async findGrant(token: string) {
            state.reads++;
            return token === 'token1' ? state.grant : undefined;
          },
        },
      },
    };
  }

  it('answers from the cache until the app is invalidated, and re-reads a grant that looks expired', async () => {
    const clock = new OffsetClock(() => 1_000_000);
    const { state, store } = tokenStore({ corpId: 'corpA', appKey: 'appA', appKind: 'internal', expiresAt: 1_000_000 + 7_200_000, permissions: ['qyapi_robot_sendmsg'] });
    const caches = new CacheInvalidation(new InProcessChannel());
    const tokens = new TokenService(store, clock, await failedAttemptsOn(clock), caches);
    expect(await tokens.authenticate('token1')).toMatchObject({ permissions: ['qyapi_robot_sendmsg'] });
    state.grant = { ...state.grant, permissions: [] };
    expect(await tokens.authenticate('token1')).toMatchObject({ permissions: ['qyapi_robot_sendmsg'] });
    expect(state.reads).toBe(1);

    caches.invalidate('app-grants', 'corpB/appA');
    expect((await tokens.authenticate('token1'))?.permissions).toEqual(['qyapi_robot_sendmsg']);
    caches.invalidate('app-grants', 'corpA/appA');
    expect((await tokens.authenticate('token1'))?.permissions).toEqual([]);
    expect(state.reads).toBe(2);

    // Issued again elsewhere (no note reached this cache): once the cached expiry passes, the store's newer one answers.
    state.grant = { ...state.grant, expiresAt: 1_000_000 + 9_000_000 };
    clock.advance(8_000_000);
    expect(await tokens.authenticate('token1')).toMatchObject({ expiresAt: 1_000_000 + 9_000_000 });
    clock.advance(1_000_000);
    expect(await tokens.authenticate('token1')).toBeUndefined();
    expect(await tokens.authenticate('unknown')).toBeUndefined();
  });

  it('drops the cached grant when its token is issued again, so it never answers the older expiry', async () => {
    const clock = new OffsetClock(() => 1_000_000);
    const { state, store } = tokenStore({ corpId: 'corpA', appKey: 'appA', appKind: 'internal', expiresAt: 1_000_000 + 7_200_000, permissions: ['qyapi_robot_sendmsg'] });
    const caches = new CacheInvalidation(new InProcessChannel());
    const tokens = new TokenService(store, clock, await failedAttemptsOn(clock), caches);
    const dropped: string[] = [];
    caches.onInvalidate('app-grants', (key) => dropped.push(key));
    expect(await tokens.authenticate('token1')).toMatchObject({ expiresAt: 1_000_000 + 7_200_000 });
    clock.advance(60_000);
    expect(await tokens.issueForApp('appA', 'secretA')).toEqual({ accessToken: 'token1', expireIn: 7200 });
    expect(dropped).toEqual(['corpA/appA']);
    expect(await tokens.authenticate('token1')).toMatchObject({ expiresAt: 1_060_000 + 7_200_000 });
    expect(state.reads).toBe(2);
  });
});
