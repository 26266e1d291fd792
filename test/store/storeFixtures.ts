import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, inject } from 'vitest';
import type { DatabaseLocation } from '../../src/config.js';
import type { DirectoryChanges } from '../../src/store/directoryStore.js';
import type { GroupRecord } from '../../src/store/groupStore.js';
import { openStore } from '../../src/store/openStore.js';
import type { Store } from '../../src/store/store.js';
import { newLastingTestDatabase, newTestDatabase } from '../testDatabase.js';

/**
 * What the store conformance suite (test/store/) shares: the backend it runs on and a
 * small directory. Every test reaches the store through the `Store` interface only, so
 * the same tests judge any implementation. The backend is the test project's: in the
 * `sqlite` project a fresh in-memory SQLite, in the `postgres` project a fresh database on
 * the project's PostgreSQL (newTestDatabase). Where a file matters (a store reopened, two
 * stores on one database) SQLite uses a file.
 */

/** The server key every test store is opened with (one for the whole run, so a reopened store opens what it sealed). */
export const TEST_SERVER_KEY = randomBytes(32);

/** The backend of this test run, for test titles. */
export const BACKEND = inject('postgresServer') === undefined ? 'SQLite' : 'PostgreSQL';

/**
 * Two corps with users of the same id (alice), a suite authorised in both (so its robot
 * `suiteBot` has the same code in both), apps with and without permissions, robots of
 * every receive mode, cool apps and a person-to-person chat. Passwords are opaque hashes:
 * the store never hashes.
 */
export const FIXTURE_DIRECTORY: DirectoryChanges = {
  corps: [
    {
      corpId: 'corpA',
      name: 'Corp A',
      users: [
        { userId: 'alice', name: 'Alice', passwordHash: 'hash-alice', isAdmin: true, mobile: '13800000001' },
        { userId: 'bob', name: 'Bob', passwordHash: null, isAdmin: false, mobile: null },
        { userId: 'carol', name: 'Carol', passwordHash: null, isAdmin: false, mobile: null },
      ],
      apps: [
        { appKey: 'appA', appSecret: 'secretA', name: 'App A', permissions: ['qyapi_robot_sendmsg'] },
        { appKey: 'appMute', appSecret: 'secretMute', name: 'Mute App', permissions: [] },
      ],
      robots: [
        { robotCode: 'appA', appKey: 'appA', name: 'Robot A', status: 'enabled', receive: 'stream', callbackUrl: null },
        { robotCode: 'hookBot', appKey: 'appA', name: 'Hook Bot', status: 'enabled', receive: 'http', callbackUrl: 'http://127.0.0.1:9/callback' },
        { robotCode: 'stoppedBot', appKey: 'appMute', name: 'Stopped Bot', status: 'stopped', receive: 'none', callbackUrl: null },
        { robotCode: 'suiteBot', appKey: 'suiteS', name: 'Suite Bot', status: 'enabled', receive: 'stream', callbackUrl: null },
      ],
      coolApps: [
        { coolAppCode: 'COOL-A', robotCode: 'appA' },
        { coolAppCode: 'COOL-SUITE', robotCode: 'suiteBot' },
      ],
      privateChats: [{ openConversationId: 'cidAliceBob', members: ['alice', 'bob'], coolAppCodes: ['COOL-A', 'COOL-SUITE'] }],
    },
    {
      corpId: 'corpB',
      name: 'Corp B',
      users: [
        { userId: 'alice', name: 'Alice of B', passwordHash: 'hash-alice-b', isAdmin: false, mobile: null },
        { userId: 'erin', name: 'Erin', passwordHash: null, isAdmin: true, mobile: null },
      ],
      apps: [{ appKey: 'appB', appSecret: 'secretB', name: 'App B', permissions: ['qyapi_robot_sendmsg'] }],
      robots: [
        { robotCode: 'appB', appKey: 'appB', name: 'Robot B', status: 'enabled', receive: 'stream', callbackUrl: null },
        { robotCode: 'suiteBot', appKey: 'suiteS', name: 'Suite Bot of B', status: 'enabled', receive: 'stream', callbackUrl: null },
      ],
      coolApps: [],
      privateChats: [],
    },
  ],
  suites: [{ suiteKey: 'suiteS', suiteSecret: 'suiteSecret', name: 'Suite S', permissions: ['qyapi_robot_sendmsg'], authorizedCorps: ['corpA', 'corpB'] }],
};

/** Corp A's group with robots and corp B's, as groups.apply takes them. */
export const GROUP_A: GroupRecord = { openConversationId: 'cidGroupA', title: 'Team A', owner: 'alice', members: ['alice', 'bob', 'carol'], robots: ['appA', 'suiteBot'] };
export const GROUP_B: GroupRecord = { openConversationId: 'cidGroupB', title: 'Team B', owner: 'erin', members: ['alice', 'erin'], robots: ['appB'] };

/**
 * A fresh store for each test, holding FIXTURE_DIRECTORY and the two groups unless
 * `empty`; closed after the test. Call at the top of a describe; the getter gives the store.
 */
export function useStore(options: { empty?: boolean } = {}): () => Store {
  let store: Store | undefined;
  beforeEach(async () => {
    store = await openStore(await newTestDatabase(), TEST_SERVER_KEY);
    if (options.empty) return;
    await store.directory.apply(FIXTURE_DIRECTORY);
    await store.groups.apply('corpA', [GROUP_A]);
    await store.groups.apply('corpB', [GROUP_B]);
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  return () => {
    if (!store) throw new Error('useStore: no store outside a test');
    return store;
  };
}

/**
 * A database that outlives its stores, for what needs a file: reopening a store,
 * or two stores (as two nodes would have) on one database. SQLite: a file in a
 * temporary directory removed after the file's tests; PostgreSQL: a fresh database.
 */
export function useSharedDatabase(): SharedDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'dingo-store-conformance-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let counter = 0;
  let location: DatabaseLocation | undefined;
  const opened = new Set<Store>();
  beforeEach(async () => {
    location = await newLastingTestDatabase(join(dir, `store-${++counter}.db`));
  });
  afterEach(async () => {
    await Promise.all([...opened].map((store) => store.close()));
    opened.clear();
  });
  const open = async () => {
    if (!location) throw new Error('useSharedDatabase: no database outside a test');
    const store = await openStore(location, TEST_SERVER_KEY);
    opened.add(store);
    return store;
  };
  return {
    open,
    reopen: async (store) => {
      opened.delete(store);
      await store.close();
      return open();
    },
  };
}

export interface SharedDatabase {
  /** Opens one more store on this test's database; it closes after the test. */
  open(): Promise<Store>;
  /** Closes `store` and opens the database again, as a restart would. */
  reopen(store: Store): Promise<Store>;
}
