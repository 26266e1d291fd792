import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../src/store/sqlite/openSqlite.js';

/** `--sqlite-synchronous` (docs/deployment.md, Durability and crash safety) as SQLite reports it back. */
const dir = mkdtempSync(join(tmpdir(), 'dingo-synchronous-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite durability settings', () => {
  it('runs a database file in WAL mode with synchronous NORMAL (1) or FULL (2), as configured', async () => {
    for (const [mode, reported] of [['normal', 1], ['full', 2]] as const) {
      const { db, stopBackgroundWork } = openSqlite(join(dir, `${mode}.db`), mode);
      try {
        const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
        const synchronous = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
        expect({ journal: journal.rows[0]?.journal_mode, synchronous: synchronous.rows[0]?.synchronous }).toEqual({ journal: 'wal', synchronous: reported });
      } finally {
        await stopBackgroundWork();
        await db.destroy();
      }
    }
  });
});
