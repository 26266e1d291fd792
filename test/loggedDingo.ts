import { Writable } from 'node:stream';
import { OffsetClock } from '../src/clock.js';
import type { DingoConfig } from '../src/config.js';
import { startDingo } from '../src/dingo.js';
import type { SeedFile } from '../src/domain/seed.js';
import { newTestDatabase, TEST_CONFIG, type TestDingo } from './harness.js';
import { withSdk } from './sdk.js';

/** A test Dingo whose log (JSON lines) is kept, for tests of what it logs. */
export async function startLoggedDingo(overrides: Partial<DingoConfig>, seedData: SeedFile): Promise<{ dingo: TestDingo; log: () => string }> {
  let log = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log += chunk.toString();
      done();
    },
  });
  const clock = new OffsetClock();
  const dingo = await startDingo({ ...TEST_CONFIG, db: await newTestDatabase(), ...overrides }, { seedData, clock, logDestination: destination });
  return { dingo: withSdk(dingo, clock), log: () => log };
}
