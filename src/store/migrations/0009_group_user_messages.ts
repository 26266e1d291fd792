import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // A group's user messages, in order.
    await db.schema.createIndex('user_messages_by_group').on('user_messages').columns(['corp_id', 'open_conversation_id', 'send_order']).execute();
    // Each member's copy of a message a user wrote in a group (members at the time of the message), with its read time.
    await db.schema
      .createTable('user_message_copies')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('open_conversation_id', 'text', (c) => c.notNull())
      .addColumn('msg_id', 'text', (c) => c.notNull())
      .addColumn('send_order', 'bigint', (c) => c.notNull())
      .addColumn('read_at', 'bigint')
      .addPrimaryKeyConstraint('user_message_copies_pk', ['corp_id', 'user_id', 'open_conversation_id', 'msg_id'])
      .execute();
  },
};
