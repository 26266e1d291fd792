import { sql } from 'kysely';
import type { SendOrderStore } from '../sendOrderStore.js';
import { KyselyBacked } from './kyselyBacked.js';

/** The send order counter over Kysely: `send_orders`, one row per corp, moved by one upsert (atomic on both databases). */
export class KyselySendOrderStore extends KyselyBacked implements SendOrderStore {
  get belongsInTransaction(): boolean {
    return this.dialect === 'sqlite';
  }

  async next(corpId: string, atLeast: number): Promise<number> {
    const larger = sql.raw(this.dialect === 'postgres' ? 'greatest' : 'max');
    const row = await this.db
      .insertInto('send_orders')
      .values({ corp_id: corpId, last_order: atLeast })
      .onConflict((oc) => oc.column('corp_id').doUpdateSet({ last_order: sql<number>`${larger}(send_orders.last_order + 1, excluded.last_order)` }))
      .returning('last_order')
      .executeTakeFirstOrThrow();
    return Number(row.last_order);
  }
}
