import type { Migration, MigrationProvider } from 'kysely';
import { migration as m0001 } from './migrations/0001_directory_and_tokens.js';
import { migration as m0002 } from './migrations/0002_messages.js';
import { migration as m0003 } from './migrations/0003_server_secrets.js';
import { migration as m0004 } from './migrations/0004_web_sessions.js';
import { migration as m0005 } from './migrations/0005_groups.js';
import { migration as m0006 } from './migrations/0006_conversations.js';
import { migration as m0007 } from './migrations/0007_files.js';
import { migration as m0008 } from './migrations/0008_clock_offset.js';
import { migration as m0009 } from './migrations/0009_group_user_messages.js';
import { migration as m0010 } from './migrations/0010_custom_robots.js';
import { migration as m0011 } from './migrations/0011_shared_node_state.js';
import { migration as m0012 } from './migrations/0012_flow_control_by_send_order.js';
import { migration as m0013 } from './migrations/0013_secrets_at_rest.js';
import { migration as m0014 } from './migrations/0014_failed_attempts.js';
import { migration as m0015 } from './migrations/0015_retention.js';

/**
 * Versioned migrations, applied in name order at start, one module each under
 * migrations/. Written with Kysely's schema builder so SQLite and PostgreSQL run
 * the same definitions. Never edit a migration that has shipped: add the next one.
 */
export const migrations: Record<string, Migration> = {
  '0001_directory_and_tokens': m0001,
  '0002_messages': m0002,
  '0003_server_secrets': m0003,
  '0004_web_sessions': m0004,
  '0005_groups': m0005,
  '0006_conversations': m0006,
  '0007_files': m0007,
  '0008_clock_offset': m0008,
  '0009_group_user_messages': m0009,
  '0010_custom_robots': m0010,
  '0011_shared_node_state': m0011,
  '0012_flow_control_by_send_order': m0012,
  '0013_secrets_at_rest': m0013,
  '0014_failed_attempts': m0014,
  '0015_retention': m0015,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
