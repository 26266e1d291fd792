import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../schema.js';
import { cachingPreparedStatements } from './preparedStatementCache.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startWalCheckpoints, WAL_SIZE_LIMIT_BYTES } from './walCheckpoints.js';

/** An SQLite database for the store, and what ends its background work. */
export interface OpenedSqlite {
  db: Kysely<Database>;
  /** Stops the WAL checkpoints of a database file; call before destroying `db`. */
  stopBackgroundWork(): Promise<void>;
}

/**
 * Opens `file` (or an in-memory database) in WAL mode with `synchronous = NORMAL`: a commit is in
 * the WAL, which survives the process being killed (docs/behaviour.md). Statements are prepared once
 * per SQL text; the WAL is checkpointed by a worker thread (walCheckpoints.ts), not by the commits.
 */
export function openSqlite(file: string): OpenedSqlite {
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingPreparedStatements(sqlite) }) });
  if (inMemory) return { db, stopBackgroundWork: async () => {} };
  const checkpoints = startWalCheckpoints(file);
  return { db, stopBackgroundWork: () => checkpoints.stop() };
}
