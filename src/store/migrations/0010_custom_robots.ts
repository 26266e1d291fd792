import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // A group's custom (webhook) robots; keywords and ip_ranges are JSON arrays of strings.
    await db.schema
      .createTable('custom_robots')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('robot_code', 'text', (c) => c.notNull())
      .addColumn('open_conversation_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('access_token', 'text', (c) => c.notNull())
      .addColumn('secret', 'text')
      .addColumn('keywords', 'text', (c) => c.notNull())
      .addColumn('ip_ranges', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('custom_robots_pk', ['corp_id', 'robot_code'])
      .execute();
    // Platform-level: the token alone names its corp on /robot/send (a reference table when distributed by corp).
    await db.schema
      .createTable('custom_robot_tokens')
      .addColumn('access_token', 'text', (c) => c.primaryKey())
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('robot_code', 'text', (c) => c.notNull())
      .execute();
  },
};
