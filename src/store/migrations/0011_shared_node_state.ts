import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // What one node kept in memory and every node must share: the last send order given out per corp...
    await db.schema
      .createTable('send_orders')
      .addColumn('corp_id', 'text', (c) => c.primaryKey())
      .addColumn('last_order', 'bigint', (c) => c.notNull())
      .execute();
    // ...and the calls admitted in the QPS window of each app and API (rows older than the window are removed as calls come).
    await db.schema
      .createTable('qps_calls')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('app_key', 'text', (c) => c.notNull())
      .addColumn('api', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('qps_calls_by_window').on('qps_calls').columns(['corp_id', 'app_key', 'api', 'at']).execute();
  },
};
