import { dirname, join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation, SqliteSynchronous } from '../config.js';
import { StoredSecrets } from '../secrets/storedSecrets.js';
import { DirectoryFileBytes } from './directoryFileBytes.js';
import { type FileBytesPlace, KyselyStore } from './kysely/kyselyStore.js';
import { sealPlaintextSecrets } from './kysely/plaintextSecretConversion.js';
import { reportingUnavailable } from './kysely/unavailableReportingDialect.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';
import { openSqlite } from './sqlite/openSqlite.js';
import { isPostgresUnavailable } from './storeUnavailable.js';
import { NamingClient } from './postgres/namedStatements.js';

/**
 * Opens the store at `location` and brings its schema to the newest migration.
 * File bytes go to `filesDir` when given; otherwise, for SQLite, to `files/` next to
 * the database file (a temporary directory for an in-memory database), and for
 * PostgreSQL into the database (docs/architecture.md, Files). An SQLite database runs with
 * `sqliteSynchronous` (docs/deployment.md, Durability and crash safety). Nodes opening one
 * PostgreSQL database together migrate it one after the other (Store.oneNodeAtATime), and then
 * seal what an older store kept in plain text. The secrets the store keeps are sealed and looked up
 * under `serverKey` (docs/architecture.md, Secrets at rest).
 */
export async function openStore(location: DatabaseLocation, serverKey: Buffer, options: StoreOptions = {}): Promise<Store> {
  const { filesDir, sqliteSynchronous = 'normal' } = options;
  const { db, stopBackgroundWork } =
    location.kind === 'sqlite' ? openSqlite(location.file, sqliteSynchronous) : { db: openPostgres(location.url), stopBackgroundWork: async () => {} };
  try {
    const secrets = new StoredSecrets(serverKey);
    const store = new KyselyStore(db, location.kind, await fileBytesPlace(location, filesDir), secrets, stopBackgroundWork);
    await store.oneNodeAtATime(async () => {
      await migrate(db);
      // What the rows held before they were sealed stays in free space of the file until it is rewritten.
      if ((await sealPlaintextSecrets(db, secrets)) && location.kind === 'sqlite') await rewriteSqliteFile(db);
    });
    return store;
  } catch (error) {
    await stopBackgroundWork();
    await db.destroy();
    throw error;
  }
}

export interface StoreOptions {
  /** Where the bytes of stored files go (`--files-dir`); see openStore for the default. */
  filesDir?: string;
  /** SQLite's `synchronous` (`--sqlite-synchronous`); `normal` unless given. */
  sqliteSynchronous?: SqliteSynchronous;
}

async function fileBytesPlace(location: DatabaseLocation, filesDir: string | undefined): Promise<FileBytesPlace> {
  if (filesDir !== undefined) return { kind: 'directory', bytes: new DirectoryFileBytes(filesDir), temporary: false };
  if (location.kind === 'postgres') return { kind: 'database' };
  if (location.file === ':memory:') return { kind: 'directory', bytes: await DirectoryFileBytes.temporary(), temporary: true };
  return { kind: 'directory', bytes: new DirectoryFileBytes(join(dirname(location.file), 'files')), temporary: false };
}

/** Rewrites the whole SQLite file (and empties its -wal), so no page keeps what was overwritten. */
async function rewriteSqliteFile(db: Kysely<Database>): Promise<void> {
  await sql`VACUUM`.execute(db);
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
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
    // The request path's hot statements run prepared by name (namedStatements.ts).
    Client: NamingClient,
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
