import Database from 'better-sqlite3';
import pg from 'pg';
import { APP_KEY, CORP_ID, USER_IDS } from './fixture.js';

/**
 * History for the readStatus rows, written straight into a Dingo database (its schema made by
 * its start) with two bulk inserts, not through HTTP: `count` one-to-one messages of the bench
 * robot, a month old, each with one copy for one of the 20 users, in send order. Returns the
 * time it took in ms.
 */
export async function prefillMessages(db: string, count: number): Promise<number> {
  const started = performance.now();
  const since = Date.now() - 30 * 24 * 3600_000;
  if (db.startsWith('sqlite:')) prefillSqlite(db.slice('sqlite:'.length), count, since);
  else await prefillPostgres(db, count, since);
  return performance.now() - started;
}

/** The columns the inserts fill, the same on both stores. */
const MESSAGE_COLUMNS = 'corp_id, process_query_key, robot_code, chat_kind, open_conversation_id, msg_key, msg_param, created_at, send_order, recalled_at';
const DELIVERY_COLUMNS = 'corp_id, process_query_key, user_id, position, robot_code, chat_kind, open_conversation_id, created_at, send_order, read_at';

function prefillSqlite(file: string, count: number, since: number): void {
  const db = new Database(file, { timeout: 60_000 });
  try {
    // This connection only: a large page cache for the index inserts, and no fsync until the checkpoint.
    db.pragma('cache_size = -262144');
    db.pragma('synchronous = OFF');
    const numbers = `with recursive n(i) as (select 1 union all select i + 1 from n where i < @count) select i from n`;
    db.transaction(() => {
      db.prepare(
        `insert into messages (${MESSAGE_COLUMNS})
         select @corp, 'prefill-' || i, @robot, 'oto', null, 'sampleText', '{"content":"prefilled"}', @since + i, (@since + i) * 1000, null from (${numbers})`,
      ).run({ corp: CORP_ID, robot: APP_KEY, since, count });
      db.prepare(
        `insert into deliveries (${DELIVERY_COLUMNS})
         select @corp, 'prefill-' || i, 'user' || (i % @users + 1), 0, @robot, 'oto', null, @since + i, (@since + i) * 1000, null from (${numbers})`,
      ).run({ corp: CORP_ID, robot: APP_KEY, since, count, users: USER_IDS.length });
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('analyze');
  } finally {
    db.close();
  }
}

async function prefillPostgres(url: string, count: number, since: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const values = [CORP_ID, APP_KEY, since, count];
    await client.query(
      `insert into messages (${MESSAGE_COLUMNS})
       select $1, 'prefill-' || i, $2, 'oto', null, 'sampleText', '{"content":"prefilled"}', $3::bigint + i, ($3::bigint + i) * 1000, null from generate_series(1, $4::int) as i`,
      values,
    );
    await client.query(
      `insert into deliveries (${DELIVERY_COLUMNS})
       select $1, 'prefill-' || i, 'user' || (i % $5 + 1), 0, $2, 'oto', null, $3::bigint + i, ($3::bigint + i) * 1000, null from generate_series(1, $4::int) as i`,
      [...values, USER_IDS.length],
    );
    await client.query('analyze messages; analyze deliveries');
  } finally {
    await client.end();
  }
}
