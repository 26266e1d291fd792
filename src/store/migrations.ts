import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

/**
 * Versioned migrations, applied in name order at start. Written with Kysely's
 * schema builder so SQLite and PostgreSQL run the same definitions. Never edit a
 * migration that has shipped: add the next one.
 */
const migrations: Record<string, Migration> = {
  '0001_directory_and_tokens': {
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
  },

  '0002_messages': {
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
  },

  '0003_server_secrets': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('server_secrets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },

  '0004_web_sessions': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('web_sessions')
        .addColumn('corp_id', 'text', (c) => c.notNull())
        .addColumn('session_hash', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('web_sessions_pk', ['corp_id', 'session_hash'])
        .execute();
    },
  },

  '0005_groups': {
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
  },

  '0006_conversations': {
    async up(db: Kysely<unknown>) {
      // How each robot hears what users write: Stream (the default), an HTTP callback, or not at all.
      await db.schema.alterTable('robots').addColumn('receive', 'text', (c) => c.notNull().defaultTo('stream')).execute();
      await db.schema.alterTable('robots').addColumn('callback_url', 'text').execute();

      // The stable conversationId of each one-to-one chat of a user and a robot.
      await db.schema
        .createTable('oto_conversations')
        .addColumn('corp_id', 'text', (c) => c.notNull())
        .addColumn('robot_code', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('oto_conversations_pk', ['corp_id', 'robot_code', 'user_id'])
        .execute();

      await db.schema
        .createTable('user_messages')
        .addColumn('corp_id', 'text', (c) => c.notNull())
        .addColumn('msg_id', 'text', (c) => c.notNull())
        .addColumn('sender_id', 'text', (c) => c.notNull())
        .addColumn('robot_code', 'text')
        .addColumn('open_conversation_id', 'text')
        .addColumn('mentioned_robots', 'text', (c) => c.notNull())
        .addColumn('msgtype', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('send_order', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_messages_pk', ['corp_id', 'msg_id'])
        .execute();
      // A one-to-one chat's user messages, in order.
      await db.schema
        .createIndex('user_messages_by_chat')
        .on('user_messages')
        .columns(['corp_id', 'sender_id', 'robot_code', 'send_order'])
        .execute();

      await db.schema
        .createTable('session_webhooks')
        .addColumn('corp_id', 'text', (c) => c.notNull())
        .addColumn('session_hash', 'text', (c) => c.notNull())
        .addColumn('robot_code', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('open_conversation_id', 'text')
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('session_webhooks_pk', ['corp_id', 'session_hash'])
        .execute();

      // Stream tickets belong to an app (a suite's serves many corps): platform-level, like suites.
      await db.schema
        .createTable('stream_tickets')
        .addColumn('ticket_hash', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('subscriptions', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('bot_deliveries')
        .addColumn('corp_id', 'text', (c) => c.notNull())
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('msg_id', 'text', (c) => c.notNull())
        .addColumn('robot_code', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('pushes', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('bot_deliveries_pk', ['corp_id', 'delivery_id'])
        .execute();
      // What is due: waiting or unacked pushes, by time.
      await db.schema.createIndex('bot_deliveries_due').on('bot_deliveries').columns(['status', 'due_at']).execute();
      await db.schema.createIndex('bot_deliveries_by_robot').on('bot_deliveries').columns(['corp_id', 'robot_code', 'created_at']).execute();

      await db.schema
        .createTable('bot_delivery_log')
        .addColumn('corp_id', 'text', (c) => c.notNull())
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('connection_id', 'text')
        .addColumn('detail', 'text')
        .addPrimaryKeyConstraint('bot_delivery_log_pk', ['corp_id', 'delivery_id', 'seq'])
        .execute();
    },
  },

  '0007_files': {
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
  },

  '0008_clock_offset': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('clock_offsets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('offset_ms', 'bigint', (c) => c.notNull())
        .execute();
    },
  },

  '0009_group_user_messages': {
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
  },

  '0010_custom_robots': {
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
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
