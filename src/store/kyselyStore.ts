import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { AppRecord, DirectoryChanges, Store, SuiteRecord, TokenGrant, TokenIssue, UserRecord } from './store.js';

/**
 * The Store over Kysely. The same queries serve SQLite and PostgreSQL: only the
 * dialect handed in differs (see openStore.ts). Every query on tenant data is
 * filtered by corp.
 */
export class KyselyStore implements Store {
  constructor(private readonly db: Kysely<Database>) {}

  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new KyselyStore(trx)));
  }

  async hasAnyCorp(): Promise<boolean> {
    const row = await this.db.selectFrom('corps').select('corp_id').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async applyDirectory(directory: DirectoryChanges): Promise<void> {
    await this.transaction(async (store) => (store as KyselyStore).writeDirectory(directory));
  }

  private async writeDirectory({ corps, suites }: DirectoryChanges): Promise<void> {
    const db = this.db;
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
            })),
          )
          .onConflict((oc) =>
            oc.columns(['corp_id', 'user_id']).doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              password_hash: eb.ref('excluded.password_hash'),
              is_admin: eb.ref('excluded.is_admin'),
            })),
          )
          .execute();
      }
      if (corp.apps.length > 0) {
        await db
          .insertInto('apps')
          .values(
            corp.apps.map((a) => ({
              corp_id: corpId,
              app_key: a.appKey,
              app_secret: a.appSecret,
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
            })),
          )
          .onConflict((oc) =>
            oc.columns(['corp_id', 'robot_code']).doUpdateSet((eb) => ({
              app_key: eb.ref('excluded.app_key'),
              name: eb.ref('excluded.name'),
              status: eb.ref('excluded.status'),
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
      await db
        .insertInto('suites')
        .values({
          suite_key: suite.suiteKey,
          suite_secret: suite.suiteSecret,
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

  async findUser(corpId: string, userId: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('corp_id', '=', corpId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && { corpId: row.corp_id, userId: row.user_id, name: row.name, passwordHash: row.password_hash, isAdmin: row.is_admin === 1 };
  }

  async findInternalApp(appKey: string): Promise<AppRecord | undefined> {
    const row = await this.db.selectFrom('apps').selectAll().where('app_key', '=', appKey).executeTakeFirst();
    return (
      row && {
        corpId: row.corp_id,
        appKey: row.app_key,
        appSecret: row.app_secret,
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
        suiteSecret: row.suite_secret,
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

  async issueToken(issue: TokenIssue): Promise<string> {
    const row = await this.db
      .insertInto('access_tokens')
      .values({
        corp_id: issue.corpId,
        app_key: issue.appKey,
        app_kind: issue.appKind,
        token: issue.candidate,
        expires_at: issue.expiresAt,
      })
      .onConflict((oc) =>
        oc.columns(['corp_id', 'app_key']).doUpdateSet((eb) => ({
          // Keep the live token; replace one that has expired.
          token: eb
            .case()
            .when('access_tokens.expires_at', '>', issue.now)
            .then(eb.ref('access_tokens.token'))
            .else(eb.ref('excluded.token'))
            .end(),
          app_kind: eb.ref('excluded.app_kind'),
          expires_at: eb.ref('excluded.expires_at'),
        })),
      )
      .returning('token')
      .executeTakeFirstOrThrow();
    return row.token;
  }

  async findTokenGrant(token: string): Promise<TokenGrant | undefined> {
    const row = await this.db
      .selectFrom('access_tokens as t')
      .leftJoin('apps as a', (join) => join.onRef('a.corp_id', '=', 't.corp_id').onRef('a.app_key', '=', 't.app_key'))
      .leftJoin('suite_authorizations as sa', (join) =>
        join.onRef('sa.corp_id', '=', 't.corp_id').onRef('sa.suite_key', '=', 't.app_key'),
      )
      .leftJoin('suites as s', 's.suite_key', 'sa.suite_key')
      .select(['t.corp_id', 't.app_key', 't.app_kind', 't.expires_at', 'a.permissions as app_permissions', 's.permissions as suite_permissions'])
      .where('t.token', '=', token)
      .executeTakeFirst();
    if (!row) return undefined;
    // An app removed from the directory, or a suite no longer authorised, grants nothing.
    const permissions = row.app_kind === 'internal' ? row.app_permissions : row.suite_permissions;
    if (permissions === null) return undefined;
    return {
      corpId: row.corp_id,
      appKey: row.app_key,
      appKind: row.app_kind,
      expiresAt: Number(row.expires_at),
      permissions: JSON.parse(permissions) as string[],
    };
  }

  async countApiCall(corpId: string, month: string, limit: number): Promise<boolean> {
    const row = await this.db
      .insertInto('api_call_counts')
      .values({ corp_id: corpId, month, calls: 1 })
      .onConflict((oc) =>
        oc
          .columns(['corp_id', 'month'])
          .doUpdateSet((eb) => ({ calls: eb('api_call_counts.calls', '+', 1) }))
          .where('api_call_counts.calls', '<', limit),
      )
      .returning('calls')
      .executeTakeFirst();
    return row !== undefined;
  }

  async ping(): Promise<void> {
    await this.db.selectFrom('corps').select('corp_id').limit(1).execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
