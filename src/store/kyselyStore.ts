import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { Database, DeliveryTable, MessageTable, UserTable } from './schema.js';
import type {
  AppRecord,
  ChatActivity,
  ChatMessageRecord,
  ChatRef,
  CorpDirectory,
  DirectoryChanges,
  InboxEntry,
  MessageFilter,
  MessageRecord,
  NewMessage,
  PrivateChatRecord,
  ReaderPosition,
  RecipientRecord,
  RobotRecord,
  Store,
  SuiteRecord,
  TokenGrant,
  TokenIssue,
  UserRecord,
} from './store.js';

/**
 * The Store over Kysely. The same queries serve SQLite and PostgreSQL: only the
 * dialect handed in differs (see openStore.ts). Every query on tenant data is
 * filtered by corp.
 */
export class KyselyStore implements Store {
  constructor(
    private readonly db: Kysely<Database>,
    /** SQLite runs one transaction at a time; PostgreSQL needs explicit locks where transactions race. */
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new KyselyStore(trx, this.dialect)));
  }

  async hasAnyCorp(): Promise<boolean> {
    const row = await this.db.selectFrom('corps').select('corp_id').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async applyDirectory(directory: DirectoryChanges): Promise<void> {
    await this.transaction((store) => (store as KyselyStore).writeDirectory(directory));
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
    return row && toUser(row);
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

  async findCorp(corpId: string): Promise<{ corpId: string; name: string } | undefined> {
    const row = await this.db.selectFrom('corps').selectAll().where('corp_id', '=', corpId).executeTakeFirst();
    return row && { corpId: row.corp_id, name: row.name };
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

  async readCorpDirectory(corpId: string): Promise<CorpDirectory | undefined> {
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
      apps: apps.map((a) => ({ corpId, appKey: a.app_key, appSecret: a.app_secret, name: a.name, permissions: JSON.parse(a.permissions) as string[] })),
      suites: suites.map((x) => ({ suiteKey: x.suite_key, name: x.name, permissions: JSON.parse(x.permissions) as string[] })),
      robots: robots.map((r) => ({ corpId, robotCode: r.robot_code, appKey: r.app_key, name: r.name, status: r.status })),
      coolApps: coolApps.map((c) => ({ coolAppCode: c.cool_app_code, robotCode: c.robot_code })),
      privateChats: chats.map((chat) => ({
        openConversationId: chat.open_conversation_id,
        members: members.filter((m) => m.open_conversation_id === chat.open_conversation_id).map((m) => m.user_id),
        coolApps: chatCoolApps.filter((c) => c.open_conversation_id === chat.open_conversation_id).map((c) => c.cool_app_code),
      })),
    };
  }

  async createWebSession(session: { corpId: string; sessionHash: string; userId: string; expiresAt: number }): Promise<void> {
    await this.db
      .insertInto('web_sessions')
      .values({ corp_id: session.corpId, session_hash: session.sessionHash, user_id: session.userId, expires_at: session.expiresAt })
      .execute();
  }

  async findWebSession(corpId: string, sessionHash: string, now: number): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('web_sessions as s')
      .innerJoin('users as u', (join) => join.onRef('u.corp_id', '=', 's.corp_id').onRef('u.user_id', '=', 's.user_id'))
      .selectAll('u')
      .where('s.corp_id', '=', corpId)
      .where('s.session_hash', '=', sessionHash)
      .where('s.expires_at', '>', now)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async deleteWebSession(corpId: string, sessionHash: string): Promise<void> {
    await this.db.deleteFrom('web_sessions').where('corp_id', '=', corpId).where('session_hash', '=', sessionHash).execute();
  }

  async findRobot(corpId: string, robotCode: string): Promise<RobotRecord | undefined> {
    const row = await this.db
      .selectFrom('robots')
      .selectAll()
      .where('corp_id', '=', corpId)
      .where('robot_code', '=', robotCode)
      .executeTakeFirst();
    return row && { corpId: row.corp_id, robotCode: row.robot_code, appKey: row.app_key, name: row.name, status: row.status };
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

  async lockRecipients(corpId: string, robotCode: string, userIds: readonly string[]): Promise<void> {
    if (this.dialect === 'sqlite' || userIds.length === 0) return;
    if (!this.db.isTransaction) throw new Error('lockRecipients needs a transaction');
    // Transaction-scoped advisory locks, taken in one order so that sends never deadlock.
    const keys = [...userIds].sort().map((userId) => JSON.stringify([corpId, robotCode, userId]));
    await sql`select pg_advisory_xact_lock(lock_key) from (select hashtextextended(k, 0) as lock_key from unnest(${keys}::text[]) as k order by 1) as locks`.execute(
      this.db,
    );
  }

  async countRecentDeliveries(corpId: string, robotCode: string, userIds: readonly string[], since: number): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('deliveries')
      .select((eb) => ['user_id', eb.fn.countAll<number>().as('recent')])
      .where('corp_id', '=', corpId)
      .where('robot_code', '=', robotCode)
      .where('user_id', 'in', userIds)
      .where('created_at', '>', since)
      .where('open_conversation_id', 'is', null)
      .groupBy('user_id')
      .execute();
    return new Map(rows.map((r) => [r.user_id, Number(r.recent)]));
  }

  async insertMessage(message: NewMessage): Promise<void> {
    const key = { corp_id: message.corpId, process_query_key: message.processQueryKey };
    await this.db
      .insertInto('messages')
      .values({
        ...key,
        robot_code: message.robotCode,
        open_conversation_id: message.openConversationId,
        msg_key: message.msgKey,
        msg_param: message.msgParam,
        created_at: message.createdAt,
        send_order: message.sendOrder,
        recalled_at: null,
      })
      .execute();
    if (message.recipients.length === 0) return;
    await this.db
      .insertInto('deliveries')
      .values(
        message.recipients.map((userId, position) => ({
          ...key,
          user_id: userId,
          position,
          robot_code: message.robotCode,
          open_conversation_id: message.openConversationId,
          created_at: message.createdAt,
          send_order: message.sendOrder,
          read_at: null,
        })),
      )
      .execute();
  }

  async findMessage(corpId: string, processQueryKey: string): Promise<MessageRecord | undefined> {
    const row = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('corp_id', '=', corpId)
      .where('process_query_key', '=', processQueryKey)
      .executeTakeFirst();
    return row && toMessage(row);
  }

  async listRecipients(corpId: string, processQueryKey: string): Promise<RecipientRecord[]> {
    const rows = await this.db
      .selectFrom('deliveries as d')
      .innerJoin('users as u', (join) => join.onRef('u.corp_id', '=', 'd.corp_id').onRef('u.user_id', '=', 'd.user_id'))
      .select(['d.user_id', 'u.name', 'd.read_at'])
      .where('d.corp_id', '=', corpId)
      .where('d.process_query_key', '=', processQueryKey)
      .orderBy('d.position')
      .execute();
    return rows.map((r) => ({ userId: r.user_id, name: r.name, readAt: nullableNumber(r.read_at) }));
  }

  async listReaders(corpId: string, processQueryKey: string, after: ReaderPosition | undefined, limit: number): Promise<ReaderPosition[]> {
    let query = this.db
      .selectFrom('deliveries')
      .select(['user_id', 'read_at'])
      .where('corp_id', '=', corpId)
      .where('process_query_key', '=', processQueryKey)
      .where('read_at', 'is not', null);
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('read_at', '>', after.readAt), eb.and([eb('read_at', '=', after.readAt), eb('user_id', '>', after.userId)])]),
      );
    }
    const rows = await query.orderBy('read_at').orderBy('user_id').limit(limit).execute();
    return rows.map((r) => ({ userId: r.user_id, readAt: Number(r.read_at) }));
  }

  async markRecalled(corpId: string, processQueryKey: string, at: number): Promise<{ recalledNow: boolean; recipients: string[] }> {
    const recalled = await this.db
      .updateTable('messages')
      .set({ recalled_at: at })
      .where('corp_id', '=', corpId)
      .where('process_query_key', '=', processQueryKey)
      .where('recalled_at', 'is', null)
      .returning('process_query_key')
      .execute();
    const rows = await this.db
      .selectFrom('deliveries')
      .select('user_id')
      .where('corp_id', '=', corpId)
      .where('process_query_key', '=', processQueryKey)
      .orderBy('position')
      .execute();
    return { recalledNow: recalled.length > 0, recipients: rows.map((r) => r.user_id) };
  }

  async markRead(corpId: string, processQueryKey: string, userId: string, at: number): Promise<'first read' | 'read before' | 'no copy'> {
    // Only a copy not read yet is updated, so the first read time is kept and exactly one caller sees its first read.
    const updated = await this.db
      .updateTable('deliveries')
      .set({ read_at: at })
      .where('corp_id', '=', corpId)
      .where('process_query_key', '=', processQueryKey)
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .returning('user_id')
      .execute();
    if (updated.length > 0) return 'first read';
    const copy = await this.db
      .selectFrom('deliveries')
      .select('user_id')
      .where('corp_id', '=', corpId)
      .where('process_query_key', '=', processQueryKey)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return copy ? 'read before' : 'no copy';
  }

  async listInbox(corpId: string, userId: string): Promise<InboxEntry[]> {
    const rows = await this.db
      .selectFrom('deliveries as d')
      .innerJoin('messages as m', (join) =>
        join.onRef('m.corp_id', '=', 'd.corp_id').onRef('m.process_query_key', '=', 'd.process_query_key'),
      )
      .selectAll('m')
      .select('d.read_at')
      .where('d.corp_id', '=', corpId)
      .where('d.user_id', '=', userId)
      .where('m.recalled_at', 'is', null)
      .orderBy('d.send_order')
      .orderBy('d.process_query_key')
      .execute();
    return rows.map((r) => ({ ...toMessage(r), readAt: nullableNumber(r.read_at) }));
  }

  async listChats(corpId: string, userId: string): Promise<ChatActivity[]> {
    const ofUser = this.db
      .selectFrom('deliveries as d')
      .innerJoin('messages as m', (join) => join.onRef('m.corp_id', '=', 'd.corp_id').onRef('m.process_query_key', '=', 'd.process_query_key'))
      .where('d.corp_id', '=', corpId)
      .where('d.user_id', '=', userId)
      .where('m.recalled_at', 'is', null);
    const activity = (eb: ExpressionBuilder<Database & { d: DeliveryTable; m: MessageTable }, 'd' | 'm'>) =>
      [
        eb.fn.count<number>(eb.case().when('d.read_at', 'is', null).then(1).end()).as('unread'),
        eb.fn.max('d.send_order').as('last_order'),
      ] as const;
    const [robotChats, privateChats] = await Promise.all([
      ofUser
        .where('d.open_conversation_id', 'is', null)
        .select((eb) => ['d.robot_code', ...activity(eb)])
        .groupBy('d.robot_code')
        .execute(),
      ofUser
        .where('d.open_conversation_id', 'is not', null)
        .select((eb) => ['d.open_conversation_id', ...activity(eb)])
        .groupBy('d.open_conversation_id')
        .execute(),
    ]);
    return [
      ...robotChats.map((r) => ({ chat: { robotCode: r.robot_code, openConversationId: null }, unreadCount: Number(r.unread), lastOrder: Number(r.last_order) }) as const),
      ...privateChats.map(
        (r) => ({ chat: { robotCode: null, openConversationId: r.open_conversation_id as string }, unreadCount: Number(r.unread), lastOrder: Number(r.last_order) }) as const,
      ),
    ].sort((a, b) => b.lastOrder - a.lastOrder);
  }

  async listChatMessages(corpId: string, userId: string, chat: ChatRef, newestOnly = false): Promise<ChatMessageRecord[]> {
    let query = this.db
      .selectFrom('deliveries as d')
      .innerJoin('messages as m', (join) => join.onRef('m.corp_id', '=', 'd.corp_id').onRef('m.process_query_key', '=', 'd.process_query_key'))
      .leftJoin('robots as r', (join) => join.onRef('r.corp_id', '=', 'm.corp_id').onRef('r.robot_code', '=', 'm.robot_code'))
      .selectAll('m')
      .select(['d.read_at', 'r.name as robot_name'])
      .where('d.corp_id', '=', corpId)
      .where('d.user_id', '=', userId)
      .where('m.recalled_at', 'is', null);
    query =
      chat.openConversationId === null
        ? query.where('d.open_conversation_id', 'is', null).where('d.robot_code', '=', chat.robotCode)
        : query.where('d.open_conversation_id', '=', chat.openConversationId);
    const direction = newestOnly ? 'desc' : 'asc';
    const rows = await query
      .orderBy('d.send_order', direction)
      .orderBy('d.process_query_key', direction)
      .$if(newestOnly, (q) => q.limit(1))
      .execute();
    return rows.map((r) => ({ ...toMessage(r), robotName: r.robot_name ?? r.robot_code, readAt: nullableNumber(r.read_at) }));
  }

  async markChatRead(corpId: string, userId: string, chat: ChatRef, at: number): Promise<Array<{ processQueryKey: string; robotCode: string }>> {
    const rows = await this.db
      .updateTable('deliveries')
      .set({ read_at: at })
      .where('corp_id', '=', corpId)
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .$if(chat.openConversationId === null, (q) => q.where('open_conversation_id', 'is', null).where('robot_code', '=', chat.robotCode as string))
      .$if(chat.openConversationId !== null, (q) => q.where('open_conversation_id', '=', chat.openConversationId as string))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('messages as m')
              .select('m.process_query_key')
              .whereRef('m.corp_id', '=', 'deliveries.corp_id')
              .whereRef('m.process_query_key', '=', 'deliveries.process_query_key')
              .where('m.recalled_at', 'is not', null),
          ),
        ),
      )
      .returning(['process_query_key', 'robot_code'])
      .execute();
    return rows.map((r) => ({ processQueryKey: r.process_query_key, robotCode: r.robot_code }));
  }

  async listMessages(corpId: string, filter: MessageFilter): Promise<MessageRecord[]> {
    const rows = await this.db
      .selectFrom('messages as m')
      .selectAll('m')
      .where('m.corp_id', '=', corpId)
      .$if(filter.robotCode !== undefined, (q) => q.where('m.robot_code', '=', filter.robotCode as string))
      .$if(filter.status === 'sent', (q) => q.where('m.recalled_at', 'is', null))
      .$if(filter.status === 'recalled', (q) => q.where('m.recalled_at', 'is not', null))
      .$if(filter.userId !== undefined, (q) =>
        q.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('deliveries as d')
              .select('d.user_id')
              .whereRef('d.corp_id', '=', 'm.corp_id')
              .whereRef('d.process_query_key', '=', 'm.process_query_key')
              .where('d.user_id', '=', filter.userId as string),
          ),
        ),
      )
      .orderBy('m.send_order', 'desc')
      .orderBy('m.process_query_key', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map(toMessage);
  }

  async listRecipientsOf(corpId: string, processQueryKeys: readonly string[]): Promise<Map<string, RecipientRecord[]>> {
    const byMessage = new Map<string, RecipientRecord[]>(processQueryKeys.map((key) => [key, []]));
    if (processQueryKeys.length === 0) return byMessage;
    const rows = await this.db
      .selectFrom('deliveries as d')
      .leftJoin('users as u', (join) => join.onRef('u.corp_id', '=', 'd.corp_id').onRef('u.user_id', '=', 'd.user_id'))
      .select(['d.process_query_key', 'd.user_id', 'u.name', 'd.read_at'])
      .where('d.corp_id', '=', corpId)
      .where('d.process_query_key', 'in', processQueryKeys)
      .orderBy('d.position')
      .execute();
    for (const r of rows) byMessage.get(r.process_query_key)?.push({ userId: r.user_id, name: r.name ?? r.user_id, readAt: nullableNumber(r.read_at) });
    return byMessage;
  }

  async deleteAllMessages(): Promise<void> {
    await this.transaction(async (store) => {
      const { db } = store as KyselyStore;
      await db.deleteFrom('deliveries').execute();
      await db.deleteFrom('messages').execute();
    });
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

  async deleteApiCallCounts(): Promise<void> {
    await this.db.deleteFrom('api_call_counts').execute();
  }

  async ensureServerSecret(name: string, candidate: string): Promise<string> {
    await this.db
      .insertInto('server_secrets')
      .values({ name, value: candidate })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
    return row.value;
  }

  async ping(): Promise<void> {
    await this.db.selectFrom('corps').select('corp_id').limit(1).execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function toUser(row: Selectable<UserTable>): UserRecord {
  return { corpId: row.corp_id, userId: row.user_id, name: row.name, passwordHash: row.password_hash, isAdmin: row.is_admin === 1 };
}

function toMessage(row: Selectable<MessageTable>): MessageRecord {
  return {
    corpId: row.corp_id,
    processQueryKey: row.process_query_key,
    robotCode: row.robot_code,
    openConversationId: row.open_conversation_id,
    msgKey: row.msg_key,
    msgParam: row.msg_param,
    createdAt: Number(row.created_at),
    recalledAt: nullableNumber(row.recalled_at),
  };
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
