import { type Kysely, type Migration, sql } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('group_chats')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('open_conversation_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('owner_user_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('group_chats_pk', ['corp_id', 'open_conversation_id'])
      .execute();
    await db.schema
      .createTable('group_chat_members')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('open_conversation_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('group_chat_members_pk', ['corp_id', 'open_conversation_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('group_chat_robots')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('open_conversation_id', 'text', (c) => c.notNull())
      .addColumn('robot_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('group_chat_robots_pk', ['corp_id', 'open_conversation_id', 'robot_code'])
      .execute();

    await db.schema.alterTable('users').addColumn('mobile', 'text').execute();

    // The kind of chat a message is in; before groups, a conversation id meant a person-to-person chat.
    for (const table of ['messages', 'deliveries']) {
      await db.schema.alterTable(table).addColumn('chat_kind', 'text', (c) => c.notNull().defaultTo('oto')).execute();
      await sql`update ${sql.table(table)} set chat_kind = 'p2p' where open_conversation_id is not null`.execute(db);
    }
  },
};
