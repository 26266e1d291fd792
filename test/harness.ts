import { join } from 'node:path';
import { OffsetClock } from '../src/clock.js';
import type { DatabaseLocation, DingoConfig } from '../src/config.js';
import { startDingo } from '../src/dingo.js';
import type { SeedFile } from '../src/domain/seed.js';
import { TEST_DIRECTORY } from './directory.js';
import { newLastingTestDatabase, newTestDatabase } from './testDatabase.js';
import { TEST_CONFIG, withSdk, type TestDingo } from './sdk.js';

export { newTestDatabase } from './testDatabase.js';
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

/** One database for two nodes: the test PostgreSQL in the postgres project, else an SQLite file in `dir`. */
export function sharedDatabase(dir: string): Promise<DatabaseLocation> {
  return newLastingTestDatabase(join(dir, 'shared.db'));
}
