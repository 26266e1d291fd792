import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteSynchronous } from '../../config.js';
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
 * Opens `file` (or an in-memory database) in WAL mode with `synchronous` as configured (`normal`: a
 * commit is in the WAL, which survives the process being killed; docs/deployment.md, Durability and
 * crash safety), foreign keys and a 5 s wait on a busy database. Statements are prepared once per SQL
 * text; the WAL is checkpointed by a worker thread (walCheckpoints.ts), not by the commits. The file is
 * created (or kept) readable by its owner only, and its directory too when Dingo creates it: SQLite
 * gives the -wal and -shm files the database file's mode.
 */
export function openSqlite(file: string, synchronous: SqliteSynchronous): OpenedSqlite {
  const inMemory = file === ':memory:';
  if (!inMemory) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
    // Also those an older Dingo created with the default mode.
    for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingPreparedStatements(sqlite) }) });
  if (inMemory) return { db, stopBackgroundWork: async () => {} };
  const checkpoints = startWalCheckpoints(file);
  return { db, stopBackgroundWork: () => checkpoints.stop() };
}
