import { type Selectable, sql } from 'kysely';
import type { BotDeliveryRecord, BotDeliveryStore, DeliveryLogEntry, DeliveryState, StreamTicketRecord } from '../botDeliveryStore.js';
import type { BotDeliveryTable } from '../schema.js';
import { KyselyBacked } from './kyselyBacked.js';
import { keysByCorp } from './keysByCorp.js';

const OPEN: Array<BotDeliveryTable['status']> = ['waiting', 'pushed'];

/** Bot deliveries over Kysely: `bot_deliveries`, `bot_delivery_log`, `stream_tickets`. */
export class KyselyBotDeliveryStore extends KyselyBacked implements BotDeliveryStore {
  async createTicket(ticket: StreamTicketRecord): Promise<void> {
    await this.db
      .insertInto('stream_tickets')
      .values({
        ticket_hash: ticket.ticketHash,
        client_id: ticket.clientId,
        subscriptions: JSON.stringify(ticket.subscriptions),
        expires_at: ticket.expiresAt,
        used: 0,
      })
      .execute();
  }

  async redeemTicket(ticketHash: string, now: number): Promise<StreamTicketRecord | undefined> {
    // One conditional update: of two racing redemptions, one changes the row.
    const row = await this.db
      .updateTable('stream_tickets')
      .set({ used: 1 })
      .where('ticket_hash', '=', ticketHash)
      .where('used', '=', 0)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    return (
      row && {
        ticketHash: row.ticket_hash,
        clientId: row.client_id,
        subscriptions: JSON.parse(row.subscriptions) as StreamTicketRecord['subscriptions'],
        expiresAt: Number(row.expires_at),
      }
    );
  }

  async insert(delivery: BotDeliveryRecord): Promise<void> {
    await this.db
      .insertInto('bot_deliveries')
      .values({
        corp_id: delivery.corpId,
        delivery_id: delivery.deliveryId,
        msg_id: delivery.msgId,
        robot_code: delivery.robotCode,
        client_id: delivery.clientId,
        channel: delivery.channel,
        topic: delivery.topic,
        payload: delivery.payload,
        status: delivery.status,
        pushes: delivery.pushes,
        created_at: delivery.createdAt,
        due_at: delivery.dueAt,
      })
      .execute();
  }

  async find(corpId: string, deliveryId: string): Promise<BotDeliveryRecord | undefined> {
    const row = await this.db.selectFrom('bot_deliveries').selectAll().where('corp_id', '=', corpId).where('delivery_id', '=', deliveryId).executeTakeFirst();
    return row && toDelivery(row);
  }

  async listDue(now: number, limit: number): Promise<BotDeliveryRecord[]> {
    const rows = await this.db
      .selectFrom('bot_deliveries')
      .selectAll()
      .where('status', 'in', OPEN)
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  async listWaiting(clientId: string, limit: number): Promise<BotDeliveryRecord[]> {
    const rows = await this.db
      .selectFrom('bot_deliveries')
      .selectAll()
      .where('status', '=', 'waiting')
      .where('client_id', '=', clientId)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  async nextDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('bot_deliveries')
      .select((eb) => eb.fn.min('due_at').as('due_at'))
      .where('status', 'in', OPEN)
      .executeTakeFirst();
    return row?.due_at === null || row?.due_at === undefined ? undefined : Number(row.due_at);
  }

  async update(corpId: string, deliveryId: string, expected: DeliveryState, next: DeliveryState & { dueAt: number }): Promise<boolean> {
    const result = await this.db
      .updateTable('bot_deliveries')
      .set({ status: next.status, pushes: next.pushes, due_at: next.dueAt })
      .where('corp_id', '=', corpId)
      .where('delivery_id', '=', deliveryId)
      .where('status', '=', expected.status)
      .where('pushes', '=', expected.pushes)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** One statement (the push path writes a log entry per push and per ack): the next seq is read by the insert itself. */
  async log(entry: DeliveryLogEntry): Promise<void> {
    await this.db
      .insertInto('bot_delivery_log')
      .columns(['corp_id', 'delivery_id', 'seq', 'event', 'at', 'connection_id', 'detail'])
      .expression(
        this.db
          .selectFrom('bot_delivery_log')
          .select([
            sql<string>`cast(${entry.corpId} as text)`.as('corp_id'),
            sql<string>`cast(${entry.deliveryId} as text)`.as('delivery_id'),
            sql<number>`coalesce(max(seq), 0) + 1`.as('seq'),
            sql<string>`cast(${entry.event} as text)`.as('event'),
            sql<number>`cast(${entry.at} as bigint)`.as('at'),
            sql<string | null>`cast(${entry.connectionId} as text)`.as('connection_id'),
            sql<string | null>`cast(${entry.detail} as text)`.as('detail'),
          ])
          .where('corp_id', '=', entry.corpId)
          .where('delivery_id', '=', entry.deliveryId),
      )
      .execute();
  }

  async listWithLog(corpId: string, filter: { robotCode?: string; limit: number }): Promise<Array<BotDeliveryRecord & { log: DeliveryLogEntry[] }>> {
    const rows = await this.db
      .selectFrom('bot_deliveries')
      .selectAll()
      .where('corp_id', '=', corpId)
      .$if(filter.robotCode !== undefined, (q) => q.where('robot_code', '=', filter.robotCode as string))
      .orderBy('created_at', 'desc')
      .orderBy('delivery_id')
      .limit(filter.limit)
      .execute();
    if (rows.length === 0) return [];
    const entries = await this.db
      .selectFrom('bot_delivery_log')
      .selectAll()
      .where('corp_id', '=', corpId)
      .where(
        'delivery_id',
        'in',
        rows.map((r) => r.delivery_id),
      )
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({
      ...toDelivery(row),
      log: entries
        .filter((e) => e.delivery_id === row.delivery_id)
        .map((e) => ({ corpId, deliveryId: e.delivery_id, event: e.event, at: Number(e.at), connectionId: e.connection_id, detail: e.detail })),
    }));
  }

  async purgeExpiredTickets(now: number, limit: number): Promise<number> {
    const expired = await this.db.selectFrom('stream_tickets').select('ticket_hash').where('expires_at', '<=', now).limit(limit).execute();
    if (expired.length > 0) await this.db.deleteFrom('stream_tickets').where('ticket_hash', 'in', expired.map((row) => row.ticket_hash)).execute();
    return expired.length;
  }

  async purgeSettledBefore(before: number, limit: number): Promise<number> {
    return this.inTransaction(async (db) => {
      const old = await db
        .selectFrom('bot_deliveries')
        .select(['corp_id', 'delivery_id'])
        .where('created_at', '<', before)
        .where('status', 'not in', OPEN)
        .orderBy('created_at')
        .limit(limit)
        .execute();
      for (const [corpId, deliveryIds] of keysByCorp(old, (row) => row.delivery_id)) {
        await db.deleteFrom('bot_delivery_log').where('corp_id', '=', corpId).where('delivery_id', 'in', deliveryIds).execute();
        await db.deleteFrom('bot_deliveries').where('corp_id', '=', corpId).where('delivery_id', 'in', deliveryIds).execute();
      }
      return old.length;
    });
  }

  async deleteAll(): Promise<void> {
    await this.inTransaction(async (db) => {
      await db.deleteFrom('bot_delivery_log').execute();
      await db.deleteFrom('bot_deliveries').execute();
      await db.deleteFrom('stream_tickets').execute();
    });
  }
}

function toDelivery(row: Selectable<BotDeliveryTable>): BotDeliveryRecord {
  return {
    corpId: row.corp_id,
    deliveryId: row.delivery_id,
    msgId: row.msg_id,
    robotCode: row.robot_code,
    clientId: row.client_id,
    channel: row.channel,
    topic: row.topic,
    payload: row.payload,
    status: row.status,
    pushes: Number(row.pushes),
    createdAt: Number(row.created_at),
    dueAt: Number(row.due_at),
  };
}
