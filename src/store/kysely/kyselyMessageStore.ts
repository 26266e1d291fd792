import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type {
  ChatActivity,
  ChatMessageRecord,
  ChatRef,
  InboxEntry,
  MessageFilter,
  MessagePlace,
  MessageWithRecipients,
  MessageRecord,
  MessageStore,
  NewMessage,
  ReaderPosition,
  RecipientRecord,
} from '../messageStore.js';
import type { Database, DeliveryTable, MessageTable } from '../schema.js';
import { TurnBatches } from '../postgres/turnBatches.js';
import { FixedStatement } from './fixedStatement.js';
import { KyselyBacked } from './kyselyBacked.js';
import { keysByCorp } from './keysByCorp.js';

/** Messages over Kysely: `messages` and their `deliveries`, one per recipient. */
export class KyselyMessageStore extends KyselyBacked implements MessageStore {
  /** PostgreSQL, outside a transaction: the messages stored within one turn share one statement and its commit. */
  private readonly batches =
    this.dialect === 'postgres' && !this.db.isTransaction
      ? new TurnBatches<NewMessage>(
          (messages) => this.insertMany(messages),
          (message) => this.insertInOneStatement(message),
        )
      : undefined;

  async lockRecipients(corpId: string, robotCode: string, userIds: readonly string[]): Promise<void> {
    if (this.dialect === 'sqlite' || userIds.length === 0) return;
    if (!this.db.isTransaction) throw new Error('lockRecipients needs a transaction');
    // Transaction-scoped advisory locks, taken in one order so that sends never deadlock.
    const keys = [...userIds].sort().map((userId) => JSON.stringify([corpId, robotCode, userId]));
    await sql`select pg_advisory_xact_lock(lock_key) from (select hashtextextended(k, 0) as lock_key from unnest(${keys}::text[]) as k order by 1) as locks`.execute(
      this.db,
    );
  }

  async countRecentDeliveries(corpId: string, robotCode: string, userIds: readonly string[], since: number, upTo: number): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.rowsOf<{ user_id: string; recent: number | string }>(countRecentDeliveries(userIds.length), [corpId, since * 1000, since, robotCode, upTo, ...userIds]);
    const counts = new Map<string, number>();
    for (const row of rows) if (Number(row.recent) > 0) counts.set(row.user_id, Number(row.recent));
    return counts;
  }

  async countRecentGroupMessages(corpId: string, robotCode: string, openConversationId: string, since: number): Promise<number> {
    const row = await this.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('recent'))
      .where('corp_id', '=', corpId)
      .where('robot_code', '=', robotCode)
      .where('chat_kind', '=', 'group')
      .where('open_conversation_id', '=', openConversationId)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.recent);
  }

  async insert(message: NewMessage): Promise<void> {
    if (this.batches) return this.batches.write(message);
    if (this.dialect === 'postgres') return this.insertInOneStatement(message);
    // SQLite: the send's hot path, as fixed SQL texts (prepared once each, see preparedStatementCache.ts) rather than built per call.
    const { corpId, processQueryKey, robotCode, chatKind, openConversationId, createdAt, sendOrder } = message;
    await this.rowsOf(INSERT_MESSAGE, [corpId, processQueryKey, robotCode, chatKind, openConversationId, message.msgKey, message.msgParam, createdAt, sendOrder]);
    if (message.recipients.length === 0) return;
    const parameters = message.recipients.flatMap((userId, position) => [corpId, processQueryKey, userId, position, robotCode, chatKind, openConversationId, createdAt, sendOrder]);
    await this.rowsOf(insertDeliveries(message.recipients.length), parameters);
  }

  /** PostgreSQL: the message and its deliveries (one per element of the recipients array, in its order) in one round trip. */
  private async insertInOneStatement(message: NewMessage): Promise<void> {
    const { corpId, processQueryKey, robotCode, chatKind, openConversationId, createdAt, sendOrder } = message;
    await this.rowsOf(INSERT_MESSAGE_WITH_DELIVERIES, [
      corpId,
      processQueryKey,
      robotCode,
      chatKind,
      openConversationId,
      message.msgKey,
      message.msgParam,
      createdAt,
      sendOrder,
      [...message.recipients],
    ]);
  }

  /** PostgreSQL: several messages and all their deliveries in one round trip, as columns of arrays. */
  private async insertMany(messages: NewMessage[]): Promise<void[]> {
    const column = <T>(of: (message: NewMessage) => T) => messages.map(of);
    const deliveries = messages.flatMap((m) => m.recipients.map((userId, position) => ({ key: m.processQueryKey, userId, position })));
    await this.rowsOf(INSERT_MESSAGES_WITH_DELIVERIES, [
      column((m) => m.corpId),
      column((m) => m.processQueryKey),
      column((m) => m.robotCode),
      column((m) => m.chatKind),
      column((m) => m.openConversationId),
      column((m) => m.msgKey),
      column((m) => m.msgParam),
      column((m) => m.createdAt),
      column((m) => m.sendOrder),
      deliveries.map((d) => d.key),
      deliveries.map((d) => d.userId),
      deliveries.map((d) => d.position),
    ]);
    return messages.map(() => undefined);
  }

  async find(corpId: string, processQueryKey: string): Promise<MessageRecord | undefined> {
    const row = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('corp_id', '=', corpId)
      .where('process_query_key', '=', processQueryKey)
      .executeTakeFirst();
    return row && toMessage(row);
  }

  async listRecipients(corpId: string, processQueryKey: string): Promise<RecipientRecord[]> {
    const byMessage = await this.listRecipientsOf(corpId, [processQueryKey]);
    return byMessage.get(processQueryKey) ?? [];
  }

  async findWithRecipients(corpId: string, processQueryKey: string): Promise<MessageWithRecipients | undefined> {
    const rows = await this.rowsOf<MessageWithRecipientRow>(MESSAGE_WITH_RECIPIENTS, [corpId, processQueryKey]);
    const [first] = rows;
    if (first === undefined) return undefined;
    const recipients: RecipientRecord[] = [];
    for (const r of rows) if (r.user_id !== null) recipients.push({ userId: r.user_id, name: r.name ?? r.user_id, readAt: nullableNumber(r.read_at) });
    return {
      ...placeOf(first),
      corpId,
      processQueryKey,
      robotCode: first.robot_code,
      createdAt: Number(first.created_at),
      recalledAt: nullableNumber(first.recalled_at),
      recipients,
    };
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
    const [robotChats, conversations] = await Promise.all([
      ofUser
        .where('d.chat_kind', '=', 'oto')
        .select((eb) => ['d.robot_code', ...activity(eb)])
        .groupBy('d.robot_code')
        .execute(),
      ofUser
        .where('d.chat_kind', '!=', 'oto')
        .select((eb) => ['d.chat_kind', 'd.open_conversation_id', ...activity(eb)])
        .groupBy(['d.chat_kind', 'd.open_conversation_id'])
        .execute(),
    ]);
    const activityOf = (chat: ChatRef, row: { unread: number | string; last_order: number | string | null }): ChatActivity => ({
      chat,
      unreadCount: Number(row.unread),
      lastOrder: Number(row.last_order),
    });
    return [
      ...robotChats.map((r) => activityOf({ kind: 'oto', robotCode: r.robot_code }, r)),
      ...conversations.map((r) => activityOf({ kind: r.chat_kind as 'p2p' | 'group', openConversationId: r.open_conversation_id as string }, r)),
    ].sort((a, b) => b.lastOrder - a.lastOrder);
  }

  async listChatMessages(corpId: string, userId: string, chat: ChatRef, newestOnly = false): Promise<ChatMessageRecord[]> {
    let query = this.db
      .selectFrom('deliveries as d')
      .innerJoin('messages as m', (join) => join.onRef('m.corp_id', '=', 'd.corp_id').onRef('m.process_query_key', '=', 'd.process_query_key'))
      .leftJoin('robots as r', (join) => join.onRef('r.corp_id', '=', 'm.corp_id').onRef('r.robot_code', '=', 'm.robot_code'))
      .leftJoin('custom_robots as cr', (join) => join.onRef('cr.corp_id', '=', 'm.corp_id').onRef('cr.robot_code', '=', 'm.robot_code'))
      .selectAll('m')
      .select(['d.read_at', 'r.name as robot_name', 'cr.name as custom_robot_name'])
      .where('d.corp_id', '=', corpId)
      .where('d.user_id', '=', userId)
      .where('m.recalled_at', 'is', null);
    query =
      chat.kind === 'oto'
        ? query.where('d.chat_kind', '=', 'oto').where('d.robot_code', '=', chat.robotCode)
        : query.where('d.chat_kind', '=', chat.kind).where('d.open_conversation_id', '=', chat.openConversationId);
    const direction = newestOnly ? 'desc' : 'asc';
    const rows = await query
      .orderBy('d.send_order', direction)
      .orderBy('d.process_query_key', direction)
      .$if(newestOnly, (q) => q.limit(1))
      .execute();
    return rows.map((r) => ({ ...toMessage(r), robotName: r.robot_name ?? r.custom_robot_name ?? r.robot_code, sendOrder: Number(r.send_order), readAt: nullableNumber(r.read_at) }));
  }

  async markChatRead(corpId: string, userId: string, chat: ChatRef, at: number): Promise<Array<{ processQueryKey: string; robotCode: string }>> {
    const rows = await this.db
      .updateTable('deliveries')
      .set({ read_at: at })
      .where('corp_id', '=', corpId)
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .where('chat_kind', '=', chat.kind)
      .$if(chat.kind === 'oto', (q) => q.where('robot_code', '=', chatKey(chat)))
      .$if(chat.kind !== 'oto', (q) => q.where('open_conversation_id', '=', chatKey(chat)))
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

  async list(corpId: string, filter: MessageFilter): Promise<MessageRecord[]> {
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

  async purgeSentBefore(before: number, limit: number): Promise<number> {
    return this.inTransaction(async (db) => {
      const old = await db.selectFrom('messages').select(['corp_id', 'process_query_key']).where('created_at', '<', before).orderBy('created_at').limit(limit).execute();
      for (const [corpId, keys] of keysByCorp(old, (row) => row.process_query_key)) {
        await db.deleteFrom('deliveries').where('corp_id', '=', corpId).where('process_query_key', 'in', keys).execute();
        await db.deleteFrom('messages').where('corp_id', '=', corpId).where('process_query_key', 'in', keys).execute();
      }
      return old.length;
    });
  }

  async deleteAll(): Promise<void> {
    await this.inTransaction(async (db) => {
      await db.deleteFrom('deliveries').execute();
      await db.deleteFrom('messages').execute();
    });
  }
}

/**
 * The flow-control counts of `count` users (one parameter each, after the five of the count), a text kept per count.
 * Each user's count reads at most `upTo` deliveries, through deliveries_by_user: a send order is never below its
 * creation time × 1000 (SendOrder), so the bound on it keeps every delivery created after `since`, and the
 * condition on created_at drops the few it keeps besides.
 */
const countRecentDeliveriesStatements = new Map<number, FixedStatement>();
function countRecentDeliveries(count: number): FixedStatement {
  let statement = countRecentDeliveriesStatements.get(count);
  if (statement === undefined) {
    const users = Array(count).fill('select cast(? as text) as user_id').join(' union all ');
    statement = new FixedStatement(
      'select u.user_id, (select count(*) from (select 1 from deliveries as d ' +
        "where d.corp_id = ? and d.user_id = u.user_id and d.send_order > ? and d.created_at > ? and d.robot_code = ? and d.chat_kind = 'oto' limit ?) as recent_rows) as recent " +
        `from (${users}) as u`,
    );
    countRecentDeliveriesStatements.set(count, statement);
  }
  return statement;
}

/** Read status: one row per recipient (one with no recipient columns when there is none), by the primary keys of all three tables. */
const MESSAGE_WITH_RECIPIENTS = new FixedStatement(
  'select m.chat_kind, m.open_conversation_id, m.robot_code, m.created_at, m.recalled_at, d.user_id, u.name, d.read_at ' +
    'from messages as m ' +
    'left join deliveries as d on d.corp_id = m.corp_id and d.process_query_key = m.process_query_key ' +
    'left join users as u on u.corp_id = d.corp_id and u.user_id = d.user_id ' +
    'where m.corp_id = ? and m.process_query_key = ? order by d.position',
);

type MessageWithRecipientRow = Pick<Selectable<MessageTable>, 'chat_kind' | 'open_conversation_id' | 'robot_code' | 'created_at' | 'recalled_at'> & {
  user_id: string | null;
  name: string | null;
  read_at: Selectable<DeliveryTable>['read_at'];
};

/** SQLite: the message; its deliveries follow (insertDeliveries). */
const INSERT_MESSAGE = new FixedStatement({
  sqlite:
    'insert into messages (corp_id, process_query_key, robot_code, chat_kind, open_conversation_id, msg_key, msg_param, created_at, send_order, recalled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, null)',
});

/** PostgreSQL: the message and its deliveries in one statement. */
const INSERT_MESSAGE_WITH_DELIVERIES = new FixedStatement({
  postgres: `with message as (
    insert into messages (corp_id, process_query_key, robot_code, chat_kind, open_conversation_id, msg_key, msg_param, created_at, send_order, recalled_at)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, null)
    returning corp_id, process_query_key, robot_code, chat_kind, open_conversation_id, created_at, send_order
  )
  insert into deliveries (corp_id, process_query_key, user_id, position, robot_code, chat_kind, open_conversation_id, created_at, send_order, read_at)
  select m.corp_id, m.process_query_key, r.user_id, r.position - 1, m.robot_code, m.chat_kind, m.open_conversation_id, m.created_at, m.send_order, null
  from message as m cross join unnest($10::text[]) with ordinality as r(user_id, position)`,
});

/** PostgreSQL: several messages and all their deliveries in one statement, as columns of arrays. */
const INSERT_MESSAGES_WITH_DELIVERIES = new FixedStatement({
  postgres: `with message as (
    insert into messages (corp_id, process_query_key, robot_code, chat_kind, open_conversation_id, msg_key, msg_param, created_at, send_order, recalled_at)
    select *, null from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[])
    returning corp_id, process_query_key, robot_code, chat_kind, open_conversation_id, created_at, send_order
  )
  insert into deliveries (corp_id, process_query_key, user_id, position, robot_code, chat_kind, open_conversation_id, created_at, send_order, read_at)
  select m.corp_id, m.process_query_key, r.user_id, r.position, m.robot_code, m.chat_kind, m.open_conversation_id, m.created_at, m.send_order, null
  from unnest($10::text[], $11::text[], $12::int[]) as r(process_query_key, user_id, position) join message as m using (process_query_key)`,
});

/** SQLite: the statement inserting `count` deliveries, one row of nine parameters each; kept per count. */
const insertDeliveriesStatements = new Map<number, FixedStatement>();
function insertDeliveries(count: number): FixedStatement {
  let statement = insertDeliveriesStatements.get(count);
  if (statement === undefined) {
    const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?, null)';
    statement = new FixedStatement({
      sqlite: `insert into deliveries (corp_id, process_query_key, user_id, position, robot_code, chat_kind, open_conversation_id, created_at, send_order, read_at) values ${Array(count).fill(row).join(', ')}`,
    });
    insertDeliveriesStatements.set(count, statement);
  }
  return statement;
}

/** The robotCode of a one-to-one chat, the openConversationId of the others. */
function chatKey(chat: ChatRef): string {
  return chat.kind === 'oto' ? chat.robotCode : chat.openConversationId;
}

function placeOf(row: Pick<Selectable<MessageTable>, 'chat_kind' | 'open_conversation_id'>): MessagePlace {
  return row.chat_kind === 'oto' || row.open_conversation_id === null
    ? { chatKind: 'oto', openConversationId: null }
    : { chatKind: row.chat_kind, openConversationId: row.open_conversation_id };
}

function toMessage(row: Selectable<MessageTable>): MessageRecord {
  return {
    ...placeOf(row),
    corpId: row.corp_id,
    processQueryKey: row.process_query_key,
    robotCode: row.robot_code,
    msgKey: row.msg_key,
    msgParam: row.msg_param,
    createdAt: Number(row.created_at),
    recalledAt: nullableNumber(row.recalled_at),
  };
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
