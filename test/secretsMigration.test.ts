import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import ChatBot from 'dingtalk-robot-sender';
import { Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import type { DatabaseLocation } from '../src/config.js';
import { startDingo } from '../src/dingo.js';
import { hashPassword } from '../src/domain/passwords.js';
import { migrations } from '../src/store/migrations.js';
import { dumpDatabase } from './databaseRows.js';
import { TEST_CONFIG, type TestDingo } from './harness.js';
import { withSdk } from './sdk.js';
import { until } from './streamBot.js';
import { newLastingTestDatabase } from './testDatabase.js';

/** A store written by a Dingo of migration 0011 (secrets in plain text), opened by this one: it seals them and everything still works. */

const dir = mkdtempSync(join(tmpdir(), 'dingo-migration-'));
const OLD = {
  appSecret: 'old-app-secret-Rk4Vn8Qz',
  suiteSecret: 'old-suite-secret-Jw2Xc6Hp',
  password: 'old-password-Tb9Lm3Se',
  accessToken: randomBytes(16).toString('hex'),
  customRobotToken: 'old-hook-token-Gy5Fd1Nu',
  customRobotSecret: 'SECold-signing-secret-Ma7Zk2Wq',
  cursorKey: randomBytes(32).toString('base64'),
};

const MANY_APPS = Array.from({ length: 400 }, (_, i) => ({ appKey: `bulkApp${i}`, appSecret: `bulk-secret-${i}-${randomBytes(6).toString('hex')}` }));

/** The bot's HTTP callback server: keeps every request's headers. */
const callbacks: IncomingMessage['headers'][] = [];
let bot: Server;
let callbackUrl: string;
beforeAll(async () => {
  bot = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      callbacks.push(request.headers);
      response.end();
    });
  });
  await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/callback`;
});
afterAll(async () => {
  bot.closeAllConnections();
  await new Promise((resolve) => bot.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function kyselyAt(location: DatabaseLocation): Kysely<any> {
  if (location.kind === 'sqlite') return new Kysely({ dialect: new SqliteDialect({ database: new SQLite(location.file) }) });
  return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location.url, max: 1 }) }) });
}

/** Runs the migrations up to 0011 only, and writes the rows as the Dingo of that time did: every secret as itself. */
async function writeOldStore(location: DatabaseLocation): Promise<void> {
  const db = kyselyAt(location);
  try {
    const old: Record<string, Migration> = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= '0011'));
    const migrator = new Migrator({ db, provider: { getMigrations: async () => old }, migrationTableName: 'dingo_migrations', migrationLockTableName: 'dingo_migrations_lock' });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await db.insertInto('corps').values({ corp_id: 'corpO', name: 'Corp O' }).execute();
    await db
      .insertInto('users')
      .values([
        { corp_id: 'corpO', user_id: 'olga', name: 'Olga', password_hash: await hashPassword(OLD.password), is_admin: 1, mobile: null },
        { corp_id: 'corpO', user_id: 'oleg', name: 'Oleg', password_hash: null, is_admin: 0, mobile: null },
      ])
      .execute();
    await db.insertInto('apps').values({ corp_id: 'corpO', app_key: 'appO', app_secret: OLD.appSecret, name: 'App O', permissions: '["qyapi_robot_sendmsg"]' }).execute();
    // Enough apps that sealing them (longer values) moves rows between pages.
    await db.insertInto('apps').values(MANY_APPS.map(({ appKey, appSecret }) => ({ corp_id: 'corpO', app_key: appKey, app_secret: appSecret, name: appKey, permissions: '[]' }))).execute();
    await db
      .insertInto('robots')
      .values({ corp_id: 'corpO', robot_code: 'appO', app_key: 'appO', name: 'Robot O', status: 'enabled', receive: 'http', callback_url: callbackUrl })
      .execute();
    await db.insertInto('suites').values({ suite_key: 'suiteO', suite_secret: OLD.suiteSecret, name: 'Suite O', permissions: '["qyapi_robot_sendmsg"]' }).execute();
    await db.insertInto('suite_authorizations').values({ corp_id: 'corpO', suite_key: 'suiteO' }).execute();
    await db.insertInto('access_tokens').values({ corp_id: 'corpO', app_key: 'appO', app_kind: 'internal', token: OLD.accessToken, expires_at: Date.now() + 3_600_000 }).execute();
    await db.insertInto('group_chats').values({ corp_id: 'corpO', open_conversation_id: 'cidGroupO==', title: 'Team O', owner_user_id: 'olga' }).execute();
    await db
      .insertInto('group_chat_members')
      .values(['olga', 'oleg'].map((user_id) => ({ corp_id: 'corpO', open_conversation_id: 'cidGroupO==', user_id })))
      .execute();
    await db
      .insertInto('custom_robots')
      .values({
        corp_id: 'corpO',
        robot_code: 'custom:old',
        open_conversation_id: 'cidGroupO==',
        name: 'Old Alerts',
        access_token: OLD.customRobotToken,
        secret: OLD.customRobotSecret,
        keywords: '[]',
        ip_ranges: '[]',
      })
      .execute();
    await db.insertInto('custom_robot_tokens').values({ access_token: OLD.customRobotToken, corp_id: 'corpO', robot_code: 'custom:old' }).execute();
    await db.insertInto('server_secrets').values({ name: 'reader-cursor-key', value: OLD.cursorKey }).execute();
  } finally {
    await db.destroy();
  }
}

async function startOn(location: DatabaseLocation): Promise<TestDingo> {
  const clock = new OffsetClock();
  // No seed: the directory is the store's, as the old Dingo left it.
  return withSdk(await startDingo({ ...TEST_CONFIG, db: location, secretKeyFile: join(dir, 'secret.key') }, { clock }), clock);
}

describe('a store of migration 0011, opened by this Dingo', () => {
  it('is converted: no secret is left as itself, and sign-in, tokens, HTTP callback signs and custom robot signs still work', async () => {
    const location = await newLastingTestDatabase(join(dir, 'old.db'));
    await writeOldStore(location);
    // Two nodes starting together convert it once between them (PostgreSQL; SQLite serves one node).
    const [dingo, second] =
      location.kind === 'postgres' ? await Promise.all([startOn(location), startOn(location)]) : [await startOn(location), await startOn(location)];
    try {
      expect(dingo.directorySource).toBe('store');
      // Sign-in with the password of the old store.
      expect((await dingo.http('/api/session', { method: 'POST', json: { corpId: 'corpO', userId: 'olga', password: OLD.password } })).status).toBe(200);
      // The token handed out before the upgrade still works, on both nodes; asking again (official SDK) returns it.
      const send = (node: TestDingo, token: string) =>
        node.http('/v1.0/robot/oToMessages/batchSend', { method: 'POST', token, json: { robotCode: 'appO', userIds: ['oleg'], msgKey: 'sampleText', msgParam: '{"content":"x"}' } });
      expect((await send(dingo, OLD.accessToken)).status).toBe(200);
      expect((await send(second, OLD.accessToken)).status).toBe(200);
      expect(await dingo.appToken('appO', OLD.appSecret)).toBe(OLD.accessToken);
      const suiteToken = await dingo.http('/v1.0/oauth2/corpAccessToken', { method: 'POST', json: { suiteKey: 'suiteO', suiteSecret: OLD.suiteSecret, authCorpId: 'corpO', suiteTicket: 't' } });
      expect(suiteToken.status).toBe(200);
      // The HTTP callback is signed with the old appSecret.
      expect((await dingo.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpO', userId: 'oleg', robotCode: 'appO', text: 'hello' } })).status).toBe(200);
      await until(async () => callbacks.length > 0);
      const { timestamp, sign } = callbacks[0]!;
      expect(sign).toBe(createHmac('sha256', OLD.appSecret).update(`${timestamp as string}\n${OLD.appSecret}`).digest('base64'));
      // The custom robot checks the sign made with its old secret, and still refuses a wrong one.
      const posted = await new ChatBot({ baseUrl: `${dingo.url}/robot/send`, accessToken: OLD.customRobotToken, secret: OLD.customRobotSecret }).text('deploy done');
      expect(posted.data).toMatchObject({ errcode: 0 });
      const forged = await new ChatBot({ baseUrl: `${dingo.url}/robot/send`, accessToken: OLD.customRobotToken, secret: 'SECwrong' }).text('deploy done');
      expect(forged.data).toMatchObject({ errcode: 310000 });
    } finally {
      await Promise.all([dingo.close(), second.close()]);
    }

    const rows = JSON.stringify(await dumpDatabase(location));
    const files = location.kind === 'sqlite' ? ['', '-wal'].map((s) => `${location.file}${s}`).filter((f) => existsSync(f)).map((f) => readFileSync(f).toString('latin1')) : [];
    for (const secret of [OLD.appSecret, OLD.suiteSecret, OLD.accessToken, OLD.customRobotToken, OLD.customRobotSecret, OLD.cursorKey, ...MANY_APPS.map((a) => a.appSecret)]) {
      expect(rows.includes(secret), secret).toBe(false);
      for (const bytes of files) expect(bytes.includes(secret), `${secret} in the SQLite file`).toBe(false);
    }

    // Converted once: a later start opens what the first sealed.
    const restarted = await startOn(location);
    try {
      expect(await restarted.appToken('appO', OLD.appSecret)).toBe(OLD.accessToken);
    } finally {
      await restarted.close();
    }
  });
});
