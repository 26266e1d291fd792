import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
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
};
