import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** How many distinct statements stay prepared: every query text Dingo builds, with room to spare. */
const CACHED_STATEMENTS = 500;

/**
 * `database` for Kysely's SQLite dialect, with each statement prepared once per SQL text
 * rather than on every call. Kysely compiles the same text for the same query shape, so the
 * hot queries are parsed and planned once; the least recently used are dropped past
 * CACHED_STATEMENTS. Safe because SQLite has one connection whose statements run one at a
 * time, each to completion (Dingo never streams a query).
 */
export function cachingPreparedStatements(database: SqliteDatabase): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare: (sql) => {
      const cached = statements.get(sql);
      if (cached) {
        // Re-inserted, so the map's order is least recently used first.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > CACHED_STATEMENTS) statements.delete(statements.keys().next().value as string);
      return statement;
    },
  };
}
