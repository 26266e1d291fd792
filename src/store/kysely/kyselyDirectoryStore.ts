import type { Kysely, Selectable } from 'kysely';
import type {
  AppRecord,
  CorpDirectory,
  DirectoryChanges,
  DirectoryStore,
  PrivateChatRecord,
  RobotRecord,
  SuiteRecord,
  UserRecord,
} from '../directoryStore.js';
import type { StoredSecrets } from '../../secrets/storedSecrets.js';
import type { Database, RobotTable } from '../schema.js';
import { type Dialect, KyselyBacked } from './kyselyBacked.js';
import { sealedAt } from './sealedColumns.js';
import { toUser } from './userRows.js';

/**
 * The directory over Kysely: corps, users, apps, suites and their authorisations, robots, cool apps, private chats.
 * App and suite secrets are sealed under the server key.
 */
export class KyselyDirectoryStore extends KyselyBacked implements DirectoryStore {
  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    private readonly secrets: StoredSecrets,
  ) {
    super(db, dialect);
  }

  async hasAnyCorp(): Promise<boolean> {
    const row = await this.db.selectFrom('corps').select('corp_id').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async apply(changes: DirectoryChanges): Promise<void> {
    await this.inTransaction((db) => writeDirectory(db, this.secrets, changes));
  }

  async findCorp(corpId: string): Promise<{ corpId: string; name: string } | undefined> {
    const row = await this.db.selectFrom('corps').selectAll().where('corp_id', '=', corpId).executeTakeFirst();
    return row && { corpId: row.corp_id, name: row.name };
  }

  async findUser(corpId: string, userId: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('corp_id', '=', corpId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async findUserByMobile(corpId: string, mobile: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('corp_id', '=', corpId)
      .where('mobile', '=', mobile)
      .orderBy('user_id')
      .limit(1)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async findUserNames(corpId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('users')
      .select(['user_id', 'name'])
      .where('corp_id', '=', corpId)
      .where('user_id', 'in', userIds)
      .execute();
    return new Map(rows.map((r) => [r.user_id, r.name]));
  }

  async listAllUsers(): Promise<Array<UserRecord & { corpName: string }>> {
    const rows = await this.db
      .selectFrom('users as u')
      .innerJoin('corps as c', 'c.corp_id', 'u.corp_id')
      .selectAll('u')
      .select('c.name as corp_name')
      .orderBy('u.corp_id')
      .orderBy('u.user_id')
      .execute();
    return rows.map((r) => ({ ...toUser(r), corpName: r.corp_name }));
  }

  async findInternalApp(appKey: string): Promise<AppRecord | undefined> {
    const row = await this.db.selectFrom('apps').selectAll().where('app_key', '=', appKey).executeTakeFirst();
    return (
      row && {
        corpId: row.corp_id,
        appKey: row.app_key,
        appSecret: this.secrets.open(row.app_secret, sealedAt.appSecret(row.corp_id, row.app_key)),
        name: row.name,
        permissions: JSON.parse(row.permissions) as string[],
      }
    );
  }

  async findSuite(suiteKey: string): Promise<SuiteRecord | undefined> {
    const row = await this.db.selectFrom('suites').selectAll().where('suite_key', '=', suiteKey).executeTakeFirst();
    return (
      row && {
        suiteKey: row.suite_key,
        suiteSecret: this.secrets.open(row.suite_secret, sealedAt.suiteSecret(row.suite_key)),
        name: row.name,
        permissions: JSON.parse(row.permissions) as string[],
      }
    );
  }

  async isSuiteAuthorized(corpId: string, suiteKey: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('suite_authorizations')
      .select('suite_key')
      .where('corp_id', '=', corpId)
      .where('suite_key', '=', suiteKey)
      .executeTakeFirst();
    return row !== undefined;
  }

  async findRobot(corpId: string, robotCode: string): Promise<RobotRecord | undefined> {
    const row = await this.db
      .selectFrom('robots')
      .selectAll()
      .where('corp_id', '=', corpId)
      .where('robot_code', '=', robotCode)
      .executeTakeFirst();
    return row && toRobot(row);
  }

  async listRobots(corpId: string): Promise<RobotRecord[]> {
    const rows = await this.db.selectFrom('robots').selectAll().where('corp_id', '=', corpId).orderBy('robot_code').execute();
    return rows.map(toRobot);
  }

  async findRobotsByCode(robotCode: string): Promise<RobotRecord[]> {
    const rows = await this.db.selectFrom('robots').selectAll().where('robot_code', '=', robotCode).orderBy('corp_id').execute();
    return rows.map(toRobot);
  }

  async listCorps(): Promise<Array<{ corpId: string; name: string }>> {
    const rows = await this.db.selectFrom('corps').select(['corp_id', 'name']).orderBy('corp_id').execute();
    return rows.map((row) => ({ corpId: row.corp_id, name: row.name }));
  }

  async findPrivateChat(corpId: string, openConversationId: string): Promise<PrivateChatRecord | undefined> {
    const chat = await this.db
      .selectFrom('private_chats')
      .select('open_conversation_id')
      .where('corp_id', '=', corpId)
      .where('open_conversation_id', '=', openConversationId)
      .executeTakeFirst();
    if (!chat) return undefined;
    const members = await this.db
      .selectFrom('private_chat_members')
      .select('user_id')
      .where('corp_id', '=', corpId)
      .where('open_conversation_id', '=', openConversationId)
      .orderBy('user_id')
      .execute();
    const coolApps = await this.db
      .selectFrom('private_chat_cool_apps as pc')
      .innerJoin('cool_apps as c', (join) => join.onRef('c.corp_id', '=', 'pc.corp_id').onRef('c.cool_app_code', '=', 'pc.cool_app_code'))
      .leftJoin('robots as r', (join) => join.onRef('r.corp_id', '=', 'c.corp_id').onRef('r.robot_code', '=', 'c.robot_code'))
      .select(['c.cool_app_code', 'c.robot_code', 'r.name as robot_name'])
      .where('pc.corp_id', '=', corpId)
      .where('pc.open_conversation_id', '=', openConversationId)
      .execute();
    return {
      corpId,
      openConversationId,
      members: members.map((m) => m.user_id),
      coolApps: coolApps.map((c) => ({ coolAppCode: c.cool_app_code, robotCode: c.robot_code, robotName: c.robot_name ?? c.robot_code })),
    };
  }

  async readCorp(corpId: string): Promise<CorpDirectory | undefined> {
    const corp = await this.findCorp(corpId);
    if (!corp) return undefined;
    const db = this.db;
    const [users, apps, suites, robots, coolApps, chats, members, chatCoolApps] = await Promise.all([
      db.selectFrom('users').selectAll().where('corp_id', '=', corpId).orderBy('user_id').execute(),
      db.selectFrom('apps').selectAll().where('corp_id', '=', corpId).orderBy('app_key').execute(),
      db
        .selectFrom('suite_authorizations as sa')
        .innerJoin('suites as s', 's.suite_key', 'sa.suite_key')
        .select(['s.suite_key', 's.name', 's.permissions'])
        .where('sa.corp_id', '=', corpId)
        .orderBy('s.suite_key')
        .execute(),
      db.selectFrom('robots').selectAll().where('corp_id', '=', corpId).orderBy('robot_code').execute(),
      db.selectFrom('cool_apps').selectAll().where('corp_id', '=', corpId).orderBy('cool_app_code').execute(),
      db.selectFrom('private_chats').selectAll().where('corp_id', '=', corpId).orderBy('open_conversation_id').execute(),
      db.selectFrom('private_chat_members').selectAll().where('corp_id', '=', corpId).orderBy('user_id').execute(),
      db.selectFrom('private_chat_cool_apps').selectAll().where('corp_id', '=', corpId).orderBy('cool_app_code').execute(),
    ]);
    return {
      corp,
      users: users.map(toUser),
      apps: apps.map((a) => ({ corpId, appKey: a.app_key, appSecret: this.secrets.open(a.app_secret, sealedAt.appSecret(corpId, a.app_key)), name: a.name, permissions: JSON.parse(a.permissions) as string[] })),
      suites: suites.map((x) => ({ suiteKey: x.suite_key, name: x.name, permissions: JSON.parse(x.permissions) as string[] })),
      robots: robots.map(toRobot),
      coolApps: coolApps.map((c) => ({ coolAppCode: c.cool_app_code, robotCode: c.robot_code })),
      privateChats: chats.map((chat) => ({
        openConversationId: chat.open_conversation_id,
        members: members.filter((m) => m.open_conversation_id === chat.open_conversation_id).map((m) => m.user_id),
        coolApps: chatCoolApps.filter((c) => c.open_conversation_id === chat.open_conversation_id).map((c) => c.cool_app_code),
      })),
    };
  }
}

/** Creates or updates every entry of the directory; `db` is a transaction. */
async function writeDirectory(db: Kysely<Database>, secrets: StoredSecrets, { corps, suites }: DirectoryChanges): Promise<void> {
  for (const corp of corps) {
    const corpId = corp.corpId;
    await db
      .insertInto('corps')
      .values({ corp_id: corpId, name: corp.name })
      .onConflict((oc) => oc.column('corp_id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .execute();
    if (corp.users.length > 0) {
      await db
        .insertInto('users')
        .values(
          corp.users.map((u) => ({
            corp_id: corpId,
            user_id: u.userId,
            name: u.name,
            password_hash: u.passwordHash,
            is_admin: u.isAdmin ? 1 : 0,
            mobile: u.mobile,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['corp_id', 'user_id']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            password_hash: eb.ref('excluded.password_hash'),
            is_admin: eb.ref('excluded.is_admin'),
            mobile: eb.ref('excluded.mobile'),
          })),
        )
        .execute();
    }
    if (corp.apps.length > 0) {
      const stored = await db.selectFrom('apps').select(['app_key', 'app_secret']).where('corp_id', '=', corpId).execute();
      const storedSecrets = new Map(stored.map((row) => [row.app_key, row.app_secret]));
      await db
        .insertInto('apps')
        .values(
          corp.apps.map((a) => ({
            corp_id: corpId,
            app_key: a.appKey,
            app_secret: secrets.resealed(storedSecrets.get(a.appKey), a.appSecret, sealedAt.appSecret(corpId, a.appKey)),
            name: a.name,
            permissions: JSON.stringify(a.permissions),
          })),
        )
        .onConflict((oc) =>
          oc.columns(['corp_id', 'app_key']).doUpdateSet((eb) => ({
            app_secret: eb.ref('excluded.app_secret'),
            name: eb.ref('excluded.name'),
            permissions: eb.ref('excluded.permissions'),
          })),
        )
        .execute();
    }
    if (corp.robots.length > 0) {
      await db
        .insertInto('robots')
        .values(
          corp.robots.map((r) => ({
            corp_id: corpId,
            robot_code: r.robotCode,
            app_key: r.appKey,
            name: r.name,
            status: r.status,
            receive: r.receive,
            callback_url: r.callbackUrl,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['corp_id', 'robot_code']).doUpdateSet((eb) => ({
            app_key: eb.ref('excluded.app_key'),
            name: eb.ref('excluded.name'),
            status: eb.ref('excluded.status'),
            receive: eb.ref('excluded.receive'),
            callback_url: eb.ref('excluded.callback_url'),
          })),
        )
        .execute();
    }
    if (corp.coolApps.length > 0) {
      await db
        .insertInto('cool_apps')
        .values(corp.coolApps.map((c) => ({ corp_id: corpId, cool_app_code: c.coolAppCode, robot_code: c.robotCode })))
        .onConflict((oc) =>
          oc.columns(['corp_id', 'cool_app_code']).doUpdateSet((eb) => ({ robot_code: eb.ref('excluded.robot_code') })),
        )
        .execute();
    }
    for (const chat of corp.privateChats) {
      const key = { corp_id: corpId, open_conversation_id: chat.openConversationId };
      await db
        .insertInto('private_chats')
        .values(key)
        .onConflict((oc) => oc.columns(['corp_id', 'open_conversation_id']).doNothing())
        .execute();
      // A chat's members and cool apps are what the directory says: replace them.
      await db
        .deleteFrom('private_chat_members')
        .where('corp_id', '=', corpId)
        .where('open_conversation_id', '=', chat.openConversationId)
        .execute();
      await db
        .insertInto('private_chat_members')
        .values(chat.members.map((userId) => ({ ...key, user_id: userId })))
        .execute();
      await db
        .deleteFrom('private_chat_cool_apps')
        .where('corp_id', '=', corpId)
        .where('open_conversation_id', '=', chat.openConversationId)
        .execute();
      if (chat.coolAppCodes.length > 0) {
        await db
          .insertInto('private_chat_cool_apps')
          .values(chat.coolAppCodes.map((code) => ({ ...key, cool_app_code: code })))
          .execute();
      }
    }
  }
  for (const suite of suites) {
    const stored = await db.selectFrom('suites').select('suite_secret').where('suite_key', '=', suite.suiteKey).executeTakeFirst();
    await db
      .insertInto('suites')
      .values({
        suite_key: suite.suiteKey,
        suite_secret: secrets.resealed(stored?.suite_secret, suite.suiteSecret, sealedAt.suiteSecret(suite.suiteKey)),
        name: suite.name,
        permissions: JSON.stringify(suite.permissions),
      })
      .onConflict((oc) =>
        oc.column('suite_key').doUpdateSet((eb) => ({
          suite_secret: eb.ref('excluded.suite_secret'),
          name: eb.ref('excluded.name'),
          permissions: eb.ref('excluded.permissions'),
        })),
      )
      .execute();
    await db.deleteFrom('suite_authorizations').where('suite_key', '=', suite.suiteKey).execute();
    if (suite.authorizedCorps.length > 0) {
      await db
        .insertInto('suite_authorizations')
        .values(suite.authorizedCorps.map((corpId) => ({ corp_id: corpId, suite_key: suite.suiteKey })))
        .execute();
    }
  }
}

function toRobot(row: Selectable<RobotTable>): RobotRecord {
  return {
    corpId: row.corp_id,
    robotCode: row.robot_code,
    appKey: row.app_key,
    name: row.name,
    status: row.status,
    receive: row.receive,
    callbackUrl: row.callback_url,
  };
}
