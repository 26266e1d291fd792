import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseLocation } from '../../src/config.js';
import { type Dingo, startDingo } from '../../src/dingo.js';
import { DEMO } from '../../src/domain/directory.js';
import { migrationProvider } from '../../src/store/migrations.js';
import { TEST_DIRECTORY } from '../directory.js';
import { newTestDatabase, TEST_CONFIG } from '../harness.js';

/** Two nodes started at the same moment on one fresh PostgreSQL database (docs/behaviour.md, Several nodes). */
describe('two nodes starting together on an empty database', () => {
  const started: Dingo[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((node) => node.close()));
  });

  async function startTwo(db: DatabaseLocation, seedData?: typeof TEST_DIRECTORY): Promise<Dingo[]> {
    const outcomes = await Promise.allSettled([0, 1].map(() => startDingo({ ...TEST_CONFIG, db }, { seedData })));
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') started.push(outcome.value);
    // Neither node fails: no lock timeout, no unique-constraint error of the other node's migration or seed.
    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'started'))).toEqual(['started', 'started']);
    return started;
  }

  async function query<Row>(db: DatabaseLocation, text: string): Promise<Row[]> {
    const client = new pg.Client({ connectionString: db.kind === 'postgres' ? db.url : '' });
    await client.connect();
    try {
      return (await client.query(text)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  async function expectOneMigrationRun(db: DatabaseLocation) {
    const names = Object.keys(await migrationProvider.getMigrations()).sort();
    const rows = await query<{ name: string }>(db, 'SELECT name FROM dingo_migrations ORDER BY name');
    expect(rows.map((row) => row.name)).toEqual(names);
  }

  it('with the demo directory: one migration run, one demo directory, one set of welcome messages', async () => {
    const db = await newTestDatabase();
    const nodes = await startTwo(db);

    await expectOneMigrationRun(db);
    // Only the node that found the database empty created the demo directory; the other found it there.
    expect(nodes.map((node) => node.directorySource).sort()).toEqual(['demo', 'store']);
    const corps = await query<{ corp_id: string }>(db, 'SELECT corp_id FROM corps');
    expect(corps).toEqual([{ corp_id: DEMO.corpId }]);
    // The welcome: two one-to-one messages, one in the private chat, one in the group, each sent once.
    const messages = await query<{ msg_key: string; open_conversation_id: string | null }>(
      db,
      `SELECT msg_key, open_conversation_id FROM messages WHERE corp_id = '${DEMO.corpId}' ORDER BY msg_key, open_conversation_id`,
    );
    expect(messages).toEqual([
      { msg_key: 'sampleActionCard2', open_conversation_id: null },
      { msg_key: 'sampleMarkdown', open_conversation_id: null },
      { msg_key: 'sampleText', open_conversation_id: DEMO.chat.openConversationId },
      { msg_key: 'sampleText', open_conversation_id: DEMO.group.openConversationId },
    ]);
    // Both nodes serve the one directory.
    for (const node of nodes) {
      const token = await fetch(`${node.url}/v1.0/oauth2/accessToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appKey: DEMO.app.appKey, appSecret: DEMO.app.appSecret }),
      });
      expect(token.status).toBe(200);
    }
  });

  it('with a seed: one migration run, the seed applied once (the second application changes nothing), no demo', async () => {
    const db = await newTestDatabase();
    const nodes = await startTwo(db, TEST_DIRECTORY);

    await expectOneMigrationRun(db);
    expect(nodes.map((node) => node.directorySource)).toEqual(['seed data', 'seed data']);
    const users = await query<{ corp_id: string; user_id: string; password_hash: string | null }>(db, 'SELECT corp_id, user_id, password_hash FROM users ORDER BY corp_id, user_id');
    const seededUsers = TEST_DIRECTORY.corps.flatMap((corp) => (corp.users ?? []).map((user) => `${corp.corpId}/${user.userId}`)).sort();
    expect(users.map((user) => `${user.corp_id}/${user.user_id}`)).toEqual(seededUsers);
    expect(await query(db, 'SELECT corp_id FROM messages')).toEqual([]);

    // A third start applies the same seed again: every row, password hashes included, stays as it was.
    const before = await query(db, 'SELECT * FROM users ORDER BY corp_id, user_id');
    started.push(await startDingo({ ...TEST_CONFIG, db }, { seedData: TEST_DIRECTORY }));
    expect(await query(db, 'SELECT * FROM users ORDER BY corp_id, user_id')).toEqual(before);

    // Each node signs in with the seed's password.
    for (const node of nodes) {
      const signIn = await fetch(`${node.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ corpId: 'corpA', userId: 'alice', password: 'alice-pw' }),
      });
      expect(signIn.status).toBe(200);
    }
  });
});
