import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { DingoConfig } from '../src/config.js';
import { sharedDatabase, startTestDingo, type TestDingo } from './harness.js';
import { frozenClock } from './oto.js';

/** When both nodes' clocks stand, until moved. */
export const START = '2030-03-15T10:00:00+08:00';

/** Two nodes on one fresh database, each with its own clock frozen at START (they agree through the stored offset). */
export function twoNodes(config: Partial<DingoConfig>) {
  const nodes = { a: undefined as unknown as TestDingo, b: undefined as unknown as TestDingo, dir: '' };
  beforeAll(async () => {
    nodes.dir = mkdtempSync(join(tmpdir(), 'dingo-two-nodes-'));
    const db = await sharedDatabase(nodes.dir);
    nodes.a = await startTestDingo({ ...config, db }, undefined, frozenClock(START));
    nodes.b = await startTestDingo({ ...config, db }, undefined, frozenClock(START));
  });
  afterAll(async () => {
    await Promise.all([nodes.a?.close(), nodes.b?.close()]);
    rmSync(nodes.dir, { recursive: true, force: true });
  });
  return nodes;
}
