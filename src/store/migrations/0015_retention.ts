import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // The background purge (domain/retention.ts) finds what is old or expired by time, across corps.
    const byTime: Array<[index: string, table: string, column: string]> = [
      ['messages_by_age', 'messages', 'created_at'],
      ['user_messages_by_age', 'user_messages', 'created_at'],
      ['bot_deliveries_by_age', 'bot_deliveries', 'created_at'],
      ['files_by_age', 'files', 'created_at'],
      ['web_sessions_by_expiry', 'web_sessions', 'expires_at'],
      ['session_webhooks_by_expiry', 'session_webhooks', 'expires_at'],
      ['stream_tickets_by_expiry', 'stream_tickets', 'expires_at'],
      ['qps_calls_by_age', 'qps_calls', 'at'],
    ];
    for (const [index, table, column] of byTime) await db.schema.createIndex(index).on(table).column(column).execute();
    // ...and deletes what hangs off a purged row: a group message's copies, a file's download codes,
    // and the bytes no file refers to any more (one copy per content serves every corp in a directory).
    await db.schema.createIndex('user_message_copies_by_message').on('user_message_copies').columns(['corp_id', 'msg_id']).execute();
    await db.schema.createIndex('file_download_codes_by_file').on('file_download_codes').columns(['corp_id', 'media_id']).execute();
    await db.schema.createIndex('files_by_content').on('files').columns(['sha256', 'corp_id']).execute();
    // When a file last stored these bytes (Dingo's clock): bytes stored again since the purge's cutoff are kept,
    // so an upload of the same content racing the purge of its last old copy keeps its bytes.
    await db.schema.alterTable('file_blobs').addColumn('used_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  },
};
