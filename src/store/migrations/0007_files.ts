import { type Kysely, type Migration, sql } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('files')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('media_id', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('files_pk', ['corp_id', 'media_id'])
      .execute();

    await db.schema
      .createTable('file_download_codes')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('download_code', 'text', (c) => c.notNull())
      .addColumn('robot_code', 'text', (c) => c.notNull())
      .addColumn('media_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('file_download_codes_pk', ['corp_id', 'download_code'])
      .execute();

    // The bytes, when the database keeps them (PostgreSQL without --files-dir). `bytea` is
    // PostgreSQL's binary type; SQLite accepts the name and stores the value as a BLOB.
    await db.schema
      .createTable('file_blobs')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('bytes', sql`bytea`, (c) => c.notNull())
      .addPrimaryKeyConstraint('file_blobs_pk', ['corp_id', 'sha256'])
      .execute();
  },
};
