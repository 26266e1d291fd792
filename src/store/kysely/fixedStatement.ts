import { CompiledQuery, type Kysely } from 'kysely';
import { namedOnPostgres } from '../postgres/namedStatements.js';
import type { Database } from '../schema.js';
import type { Dialect } from './kyselyBacked.js';

/**
 * A statement of the request path whose SQL text never changes: written once with `?` placeholders
 * (and no other `?`), turned into each dialect's text once, and run with its parameters, so that
 * nothing is built per call and each database prepares it once (SQLite: preparedStatementCache.ts; PostgreSQL: a named statement per connection). For the hot
 * queries only: the rest are built with Kysely's query builder as usual.
 */
export class FixedStatement {
  private readonly texts: Readonly<Record<Dialect, string>>;

  /** `text`: the same for both dialects, or per dialect when they spell something differently. */
  constructor(text: string | ((dialect: Dialect) => string)) {
    const textOf = typeof text === 'string' ? () => text : text;
    let placeholder = 0;
    // On PostgreSQL it runs as a named prepared statement (namedStatements.ts).
    this.texts = { sqlite: textOf('sqlite'), postgres: namedOnPostgres(textOf('postgres').replace(/\?/g, () => `$${++placeholder}`)) };
  }

  async rows<Row>(db: Kysely<Database>, dialect: Dialect, parameters: readonly unknown[]): Promise<Row[]> {
    const result = await db.executeQuery<Row>(CompiledQuery.raw(this.texts[dialect], parameters as unknown[]));
    return result.rows;
  }
}
