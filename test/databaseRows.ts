import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseLocation } from '../src/config.js';

/** Every row of every table, each table's rows in a stable order. */
export type DatabaseDump = Record<string, Array<Record<string, unknown>>>;

/**
 * Reads a whole database as rows, to see what Dingo wrote with no store in between.
 * Text and integer columns read the same from SQLite and PostgreSQL; PostgreSQL's
 * bigint columns (times) read as text.
 */
export async function dumpDatabase(location: DatabaseLocation): Promise<DatabaseDump> {
  const tables = location.kind === 'sqlite' ? dumpSqlite(location.file) : await dumpPostgres(location.url);
  return Object.fromEntries(
    Object.entries(tables)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, rows]) => [name, rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))]),
  );
}

/** Runs one SQL statement on the database, as someone editing it by hand would. */
export async function executeSql(location: DatabaseLocation, statement: string): Promise<void> {
  if (location.kind === 'sqlite') {
    const db = new SQLite(location.file, { fileMustExist: true });
    try {
      db.prepare(statement).run();
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function dumpSqlite(file: string): DatabaseDump {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>]));
  } finally {
    db.close();
  }
}

async function dumpPostgres(url: string): Promise<DatabaseDump> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
    const dump: DatabaseDump = {};
    for (const { name } of tables.rows) dump[name] = (await client.query<Record<string, unknown>>(`SELECT * FROM "${name}"`)).rows;
    return dump;
  } finally {
    await client.end();
  }
}
