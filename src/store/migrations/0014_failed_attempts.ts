import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // Failed credential checks per subject in the rolling window of the guessing rule (docs/behaviour.md, Guessing).
    await db.schema
      .createTable('failed_attempts')
      .addColumn('attempt_id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('failed_attempts_by_subject').on('failed_attempts').columns(['kind', 'subject', 'at']).execute();
    await db.schema.createIndex('failed_attempts_by_age').on('failed_attempts').column('at').execute();
  },
};
