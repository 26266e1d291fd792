import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('messages')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('process_query_key', 'text', (c) => c.notNull())
      .addColumn('robot_code', 'text', (c) => c.notNull())
      .addColumn('open_conversation_id', 'text')
      .addColumn('msg_key', 'text', (c) => c.notNull())
      .addColumn('msg_param', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('send_order', 'bigint', (c) => c.notNull())
      .addColumn('recalled_at', 'bigint')
      .addPrimaryKeyConstraint('messages_pk', ['corp_id', 'process_query_key'])
      .execute();
    await db.schema.createIndex('messages_in_send_order').on('messages').columns(['corp_id', 'send_order']).execute();

    await db.schema
      .createTable('deliveries')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('process_query_key', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('robot_code', 'text', (c) => c.notNull())
      .addColumn('open_conversation_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('send_order', 'bigint', (c) => c.notNull())
      .addColumn('read_at', 'bigint')
      .addPrimaryKeyConstraint('deliveries_pk', ['corp_id', 'process_query_key', 'user_id'])
      .execute();
    // Flow control counts a robot's recent messages to a user.
    await db.schema
      .createIndex('deliveries_by_robot_and_user')
      .on('deliveries')
      .columns(['corp_id', 'robot_code', 'user_id', 'created_at'])
      .execute();
    // A user's chats and inbox.
    await db.schema.createIndex('deliveries_by_user').on('deliveries').columns(['corp_id', 'user_id', 'send_order']).execute();
  },
};
