import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { FixedStatement } from './fixedStatement.js';

/** SQLite runs one transaction at a time; PostgreSQL needs explicit locks where transactions race. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * What every store over Kysely starts from, each area and their aggregate: the
 * handle it queries (the database, or the one transaction it is bound to) and
 * the dialect behind it.
 */
export abstract class KyselyBacked {
  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly dialect: Dialect,
  ) {}

  /** The rows of `statement` run with `parameters` on this store's handle. */
  protected rowsOf<Row>(statement: FixedStatement, parameters: readonly unknown[]): Promise<Row[]> {
    return statement.rows<Row>(this.db, this.dialect, parameters);
  }

  /** Runs `work` in the transaction this store is bound to, or in a new one. */
  protected async inTransaction<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? work(this.db) : this.db.transaction().execute(work);
  }
}
