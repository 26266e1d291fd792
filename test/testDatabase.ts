import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { DatabaseLocation } from '../src/config.js';
import { createPostgresDatabase } from './postgres/globalSetup.js';

/**
 * A fresh, empty database for one test server or store: in-memory SQLite, or, in the
 * `postgres` test project, a new database on the PostgreSQL its global setup started.
 */
export async function newTestDatabase(): Promise<DatabaseLocation> {
  const server = inject('postgresServer');
  if (server === undefined) return { kind: 'sqlite', file: ':memory:' };
  const name = `dingo_test_${randomBytes(8).toString('hex')}`;
  return { kind: 'postgres', url: await createPostgresDatabase(server, name) };
}

/**
 * A fresh database that outlives the stores opened on it, for a restart or two stores on
 * one database: a new SQLite file at `sqliteFile` in the `sqlite` project (an in-memory
 * database ends with its store), a new PostgreSQL database in the `postgres` project.
 */
export async function newLastingTestDatabase(sqliteFile: string): Promise<DatabaseLocation> {
  const fresh = await newTestDatabase();
  return fresh.kind === 'sqlite' ? { kind: 'sqlite', file: sqliteFile } : fresh;
}
