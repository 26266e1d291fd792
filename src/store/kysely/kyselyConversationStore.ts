import type { Selectable } from 'kysely';
import type { ConversationStore, SessionWebhookRecord, UserMessageChat, UserMessageCopy, UserMessageRecord, UserMessageType } from '../conversationStore.js';
import type { SessionWebhookTable, UserMessageTable } from '../schema.js';
import { FixedStatement } from './fixedStatement.js';
import { KyselyBacked } from './kyselyBacked.js';
import { keysByCorp } from './keysByCorp.js';

/** Every sessionWebhook reply looks its session up: a fixed text. */
const SESSION_WEBHOOK = new FixedStatement('select * from session_webhooks where corp_id = ? and session_hash = ?');

/** Conversations over Kysely: `oto_conversations`, `user_messages` and their `user_message_copies`, `session_webhooks`. */
export class KyselyConversationStore extends KyselyBacked implements ConversationStore {
  async ensureOneToOneConversation(corpId: string, robotCode: string, userId: string, candidate: string): Promise<string> {
    await this.db
      .insertInto('oto_conversations')
      .values({ corp_id: corpId, robot_code: robotCode, user_id: userId, conversation_id: candidate })
      .onConflict((oc) => oc.columns(['corp_id', 'robot_code', 'user_id']).doNothing())
      .execute();
    const row = await this.db
      .selectFrom('oto_conversations')
      .select('conversation_id')
      .where('corp_id', '=', corpId)
      .where('robot_code', '=', robotCode)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return row.conversation_id;
  }

  async insertMessage(message: UserMessageRecord, copies: readonly UserMessageCopy[] = []): Promise<void> {
    const { chat } = message;
    await this.db
      .insertInto('user_messages')
      .values({
        corp_id: message.corpId,
        msg_id: message.msgId,
        sender_id: message.senderId,
        robot_code: chat.kind === 'oto' ? chat.robotCode : null,
        open_conversation_id: chat.kind === 'group' ? chat.openConversationId : null,
        mentioned_robots: JSON.stringify(chat.kind === 'group' ? chat.mentionedRobots : []),
        msgtype: message.msgtype,
        content: JSON.stringify(message.content),
        created_at: message.createdAt,
        send_order: message.sendOrder,
      })
      .execute();
    if (chat.kind !== 'group' || copies.length === 0) return;
    await this.db
      .insertInto('user_message_copies')
      .values(
        copies.map((copy) => ({
          corp_id: message.corpId,
          user_id: copy.userId,
          open_conversation_id: chat.openConversationId,
          msg_id: message.msgId,
          send_order: message.sendOrder,
          read_at: copy.readAt,
        })),
      )
      .execute();
  }

  async listOneToOneMessages(corpId: string, userId: string, robotCode: string, newestOnly = false): Promise<UserMessageRecord[]> {
    const direction = newestOnly ? 'desc' : 'asc';
    const rows = await this.db
      .selectFrom('user_messages')
      .selectAll()
      .where('corp_id', '=', corpId)
      .where('sender_id', '=', userId)
      .where('robot_code', '=', robotCode)
      .where('open_conversation_id', 'is', null)
      .orderBy('send_order', direction)
      .$if(newestOnly, (q) => q.limit(1))
      .execute();
    return rows.map(toUserMessage);
  }

  async listOneToOneActivity(corpId: string, userId: string): Promise<Array<{ robotCode: string; lastOrder: number }>> {
    const rows = await this.db
      .selectFrom('user_messages')
      .select(['robot_code', (eb) => eb.fn.max('send_order').as('last_order')])
      .where('corp_id', '=', corpId)
      .where('sender_id', '=', userId)
      .where('open_conversation_id', 'is', null)
      .groupBy('robot_code')
      .execute();
    return rows.flatMap((r) => (r.robot_code === null ? [] : [{ robotCode: r.robot_code, lastOrder: Number(r.last_order) }]));
  }

  async listGroupMessages(corpId: string, userId: string, openConversationId: string, newestOnly = false): Promise<Array<UserMessageRecord & { readAt: number | null }>> {
    const direction = newestOnly ? 'desc' : 'asc';
    const rows = await this.db
      .selectFrom('user_message_copies as c')
      .innerJoin('user_messages as m', (join) => join.onRef('m.corp_id', '=', 'c.corp_id').onRef('m.msg_id', '=', 'c.msg_id'))
      .selectAll('m')
      .select('c.read_at')
      .where('c.corp_id', '=', corpId)
      .where('c.user_id', '=', userId)
      .where('c.open_conversation_id', '=', openConversationId)
      .orderBy('c.send_order', direction)
      .$if(newestOnly, (q) => q.limit(1))
      .execute();
    return rows.map((row) => ({ ...toUserMessage(row), readAt: row.read_at === null ? null : Number(row.read_at) }));
  }

  async listGroupActivity(corpId: string, userId: string): Promise<Array<{ openConversationId: string; unreadCount: number; lastOrder: number }>> {
    const rows = await this.db
      .selectFrom('user_message_copies')
      .select((eb) => [
        'open_conversation_id',
        eb.fn.count<number>(eb.case().when('read_at', 'is', null).then(1).end()).as('unread'),
        eb.fn.max('send_order').as('last_order'),
      ])
      .where('corp_id', '=', corpId)
      .where('user_id', '=', userId)
      .groupBy('open_conversation_id')
      .execute();
    return rows.map((r) => ({ openConversationId: r.open_conversation_id, unreadCount: Number(r.unread), lastOrder: Number(r.last_order) }));
  }

  async markGroupRead(corpId: string, userId: string, openConversationId: string, at: number): Promise<number> {
    const result = await this.db
      .updateTable('user_message_copies')
      .set({ read_at: at })
      .where('corp_id', '=', corpId)
      .where('user_id', '=', userId)
      .where('open_conversation_id', '=', openConversationId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async createSessionWebhook(session: SessionWebhookRecord): Promise<void> {
    await this.db
      .insertInto('session_webhooks')
      .values({
        corp_id: session.corpId,
        session_hash: session.sessionHash,
        robot_code: session.robotCode,
        user_id: session.userId,
        open_conversation_id: session.openConversationId,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async findSessionWebhook(corpId: string, sessionHash: string): Promise<SessionWebhookRecord | undefined> {
    const [row] = await this.rowsOf<Selectable<SessionWebhookTable>>(SESSION_WEBHOOK, [corpId, sessionHash]);
    return (
      row && {
        corpId: row.corp_id,
        sessionHash: row.session_hash,
        robotCode: row.robot_code,
        userId: row.user_id,
        openConversationId: row.open_conversation_id,
        expiresAt: Number(row.expires_at),
      }
    );
  }

  async purgeMessagesBefore(before: number, limit: number): Promise<number> {
    return this.inTransaction(async (db) => {
      const old = await db.selectFrom('user_messages').select(['corp_id', 'msg_id']).where('created_at', '<', before).orderBy('created_at').limit(limit).execute();
      for (const [corpId, msgIds] of keysByCorp(old, (row) => row.msg_id)) {
        await db.deleteFrom('user_message_copies').where('corp_id', '=', corpId).where('msg_id', 'in', msgIds).execute();
        await db.deleteFrom('user_messages').where('corp_id', '=', corpId).where('msg_id', 'in', msgIds).execute();
      }
      return old.length;
    });
  }

  async purgeExpiredSessionWebhooks(now: number, limit: number): Promise<number> {
    const expired = await this.db.selectFrom('session_webhooks').select(['corp_id', 'session_hash']).where('expires_at', '<=', now).limit(limit).execute();
    for (const [corpId, hashes] of keysByCorp(expired, (row) => row.session_hash)) {
      await this.db.deleteFrom('session_webhooks').where('corp_id', '=', corpId).where('session_hash', 'in', hashes).execute();
    }
    return expired.length;
  }

  async deleteAll(): Promise<void> {
    await this.inTransaction(async (db) => {
      await db.deleteFrom('session_webhooks').execute();
      await db.deleteFrom('user_message_copies').execute();
      await db.deleteFrom('user_messages').execute();
      await db.deleteFrom('oto_conversations').execute();
    });
  }
}

function toUserMessage(row: Selectable<UserMessageTable>): UserMessageRecord {
  const chat: UserMessageChat =
    row.open_conversation_id === null
      ? { kind: 'oto', robotCode: row.robot_code ?? '' }
      : { kind: 'group', openConversationId: row.open_conversation_id, mentionedRobots: JSON.parse(row.mentioned_robots) as string[] };
  return {
    corpId: row.corp_id,
    msgId: row.msg_id,
    senderId: row.sender_id,
    chat,
    msgtype: row.msgtype as UserMessageType,
    content: JSON.parse(row.content) as Record<string, unknown>,
    createdAt: Number(row.created_at),
    sendOrder: Number(row.send_order),
  };
}
