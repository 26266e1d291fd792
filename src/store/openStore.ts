import { dirname, join } from 'node:path';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from '../config.js';
import { DirectoryFileBytes } from './directoryFileBytes.js';
import { type FileBytesPlace, KyselyStore } from './kysely/kyselyStore.js';
import { reportingUnavailable } from './kysely/unavailableReportingDialect.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';
import { openSqlite } from './sqlite/openSqlite.js';
import { isPostgresUnavailable } from './storeUnavailable.js';

/**
 * Opens the store at `location` and brings its schema to the newest migration.
 * File bytes go to `filesDir` when given; otherwise, for SQLite, to `files/` next to
 * the database file (a temporary directory for an in-memory database), and for
 * PostgreSQL into the database (docs/architecture.md, Files). Nodes opening one
 * PostgreSQL database together migrate it one after the other (Store.oneNodeAtATime).
 */
export async function openStore(location: DatabaseLocation, filesDir?: string): Promise<Store> {
  const { db, stopBackgroundWork } = location.kind === 'sqlite' ? openSqlite(location.file) : { db: openPostgres(location.url), stopBackgroundWork: async () => {} };
  try {
    const store = new KyselyStore(db, location.kind, await fileBytesPlace(location, filesDir), stopBackgroundWork);
    await store.oneNodeAtATime(() => migrate(db));
    return store;
  } catch (error) {
    await stopBackgroundWork();
    await db.destroy();
    throw error;
  }
}

async function fileBytesPlace(location: DatabaseLocation, filesDir: string | undefined): Promise<FileBytesPlace> {
  if (filesDir !== undefined) return { kind: 'directory', bytes: new DirectoryFileBytes(filesDir), temporary: false };
  if (location.kind === 'postgres') return { kind: 'database' };
  if (location.file === ':memory:') return { kind: 'directory', bytes: await DirectoryFileBytes.temporary(), temporary: true };
  return { kind: 'directory', bytes: new DirectoryFileBytes(join(dirname(location.file), 'files')), temporary: false };
}

const BIGINT_OID = 20;

/**
 * How long a request may wait for the database before it is answered 503 (docs/behaviour.md, Losing the
 * database): for a connection (a new one, or a free one of the pool), and for one statement.
 */
export const POSTGRES_TIMEOUTS = { connectMs: 5_000, statementMs: 15_000 } as const;

function openPostgres(url: string): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: POSTGRES_TIMEOUTS.connectMs,
    statement_timeout: POSTGRES_TIMEOUTS.statementMs,
    // The server's timeout ends a slow statement; this one ends a wait on a server that no longer answers at all.
    query_timeout: POSTGRES_TIMEOUTS.statementMs + POSTGRES_TIMEOUTS.connectMs,
    keepAlive: true,
    // Epoch milliseconds and counters fit a JavaScript number.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === BIGINT_OID ? Number : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server ended (a restart, a network cut) fails the query under way, if any, which is
  // answered 503; the pool drops it and connects anew on the next request. Its 'error' event, idle or
  // in use, needs a listener, or it would end the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: reportingUnavailable(new PostgresDialect({ pool }), isPostgresUnavailable) });
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: 'dingo_migrations', migrationLockTableName: 'dingo_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
}
