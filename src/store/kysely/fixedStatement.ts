import { CompiledQuery, type Kysely } from 'kysely';
import { namedOnPostgres } from '../postgres/namedStatements.js';
import type { Database } from '../schema.js';
import type { Dialect } from './kyselyBacked.js';

/**
 * A statement of the request path whose SQL text never changes: written once, turned into each dialect's
 * text once, and run with its parameters, so that nothing is built per call and each database prepares it
 * once (SQLite: preparedStatementCache.ts; PostgreSQL: a named statement per connection, namedStatements.ts).
 * For the hot queries only: the rest are built with Kysely's query builder as usual.
 */
export class FixedStatement {
  private readonly texts: Partial<Record<Dialect, string>>;

  /**
   * `text`: the same for both dialects, or per dialect when they spell something differently, or for one
   * dialect only (a statement only that store's path runs). `?` placeholders (and no other `?`) become
   * PostgreSQL's `$1`, `$2`…; a PostgreSQL text may also number them itself.
   */
  constructor(text: string | ((dialect: Dialect) => string) | Partial<Record<Dialect, string>>) {
    const textOf = typeof text === 'string' ? () => text : typeof text === 'function' ? text : (dialect: Dialect) => text[dialect];
    const postgres = textOf('postgres');
    let placeholder = 0;
    this.texts = { sqlite: textOf('sqlite'), postgres: postgres && namedOnPostgres(postgres.replace(/\?/g, () => `$${++placeholder}`)) };
  }

  async rows<Row>(db: Kysely<Database>, dialect: Dialect, parameters: readonly unknown[]): Promise<Row[]> {
    const text = this.texts[dialect];
    if (text === undefined) throw new Error(`this statement is not written for ${dialect}`);
    const result = await db.executeQuery<Row>(CompiledQuery.raw(text, parameters as unknown[]));
    return result.rows;
  }
}
