import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import type { DatabaseLocation, DingoConfig } from '../src/config.js';
import { startDingo } from '../src/dingo.js';
import type { SeedFile } from '../src/domain/seed.js';
import { TEST_DIRECTORY } from './directory.js';
import { TEST_CONFIG, withSdk, type TestDingo } from './sdk.js';

export { oauthSdk, robotSdk, runtime, sdkError, TEST_CONFIG, type RobotSdk, type TestDingo } from './sdk.js';

/** `clock`: the clock to run on, e.g. `new OffsetClock(() => fixedTime)` for a clock that moves only when advanced. */
export async function startTestDingo(
  overrides: Partial<DingoConfig> = {},
  seedData: SeedFile = TEST_DIRECTORY,
  clock: OffsetClock = new OffsetClock(),
): Promise<TestDingo> {
  const dingo = await startDingo({ ...TEST_CONFIG, db: await newTestDatabase(), ...overrides }, { seedData, clock });
  return withSdk(dingo, clock);
}

/**
 * A fresh, empty database for one test server: in-memory SQLite, or, in the
 * `postgres` test project, a new database on the PostgreSQL its global setup started.
 */
export async function newTestDatabase(): Promise<DatabaseLocation> {
  const server = inject('postgresServer');
  if (server === undefined) return { kind: 'sqlite', file: ':memory:' };
  const name = `dingo_test_${randomBytes(8).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return { kind: 'postgres', url: `${server}/${name}` };
}

/** One database for two nodes: the test PostgreSQL in the postgres project, else an SQLite file in `dir`. */
export async function sharedDatabase(dir: string): Promise<DatabaseLocation> {
  const db = await newTestDatabase();
  return db.kind === 'postgres' ? db : { kind: 'sqlite', file: join(dir, 'shared.db') };
}
