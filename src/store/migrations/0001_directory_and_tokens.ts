import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('corps')
      .addColumn('corp_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('users_pk', ['corp_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('apps')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('app_key', 'text', (c) => c.notNull())
      .addColumn('app_secret', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('permissions', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('apps_pk', ['corp_id', 'app_key'])
      .execute();
    // appKey alone identifies an app when a token is requested.
    await db.schema.createIndex('apps_app_key').unique().on('apps').column('app_key').execute();

    await db.schema
      .createTable('suites')
      .addColumn('suite_key', 'text', (c) => c.primaryKey())
      .addColumn('suite_secret', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('permissions', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('suite_authorizations')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('suite_key', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('suite_authorizations_pk', ['corp_id', 'suite_key'])
      .execute();

    await db.schema
      .createTable('robots')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('robot_code', 'text', (c) => c.notNull())
      .addColumn('app_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('robots_pk', ['corp_id', 'robot_code'])
      .execute();

    await db.schema
      .createTable('cool_apps')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('cool_app_code', 'text', (c) => c.notNull())
      .addColumn('robot_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('cool_apps_pk', ['corp_id', 'cool_app_code'])
      .execute();

    await db.schema
      .createTable('private_chats')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('open_conversation_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('private_chats_pk', ['corp_id', 'open_conversation_id'])
      .execute();

    await db.schema
      .createTable('private_chat_members')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('open_conversation_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('private_chat_members_pk', ['corp_id', 'open_conversation_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('private_chat_cool_apps')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('open_conversation_id', 'text', (c) => c.notNull())
      .addColumn('cool_app_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('private_chat_cool_apps_pk', ['corp_id', 'open_conversation_id', 'cool_app_code'])
      .execute();

    await db.schema
      .createTable('access_tokens')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('app_key', 'text', (c) => c.notNull())
      .addColumn('app_kind', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('access_tokens_pk', ['corp_id', 'app_key'])
      .execute();
    await db.schema.createIndex('access_tokens_token').unique().on('access_tokens').column('token').execute();

    await db.schema
      .createTable('api_call_counts')
      .addColumn('corp_id', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('calls', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('api_call_counts_pk', ['corp_id', 'month'])
      .execute();
  },
};
