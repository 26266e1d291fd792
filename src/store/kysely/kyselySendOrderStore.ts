import type { SendOrderStore } from '../sendOrderStore.js';
import { FixedStatement } from './fixedStatement.js';
import { KyselyBacked } from './kyselyBacked.js';

/** Every send takes one: a fixed text. */
const NEXT_ORDER = new FixedStatement(
  (dialect) =>
    'insert into send_orders (corp_id, last_order) values (?, ?) ' +
    `on conflict (corp_id) do update set last_order = ${dialect === 'postgres' ? 'greatest' : 'max'}(send_orders.last_order + 1, excluded.last_order) returning last_order`,
);

/** The send order counter over Kysely: `send_orders`, one row per corp, moved by one upsert (atomic on both databases). */
export class KyselySendOrderStore extends KyselyBacked implements SendOrderStore {
  get belongsInTransaction(): boolean {
    return this.dialect === 'sqlite';
  }

  async next(corpId: string, atLeast: number): Promise<number> {
    const [row] = await this.rowsOf<{ last_order: number | string }>(NEXT_ORDER, [corpId, atLeast]);
    if (row === undefined) throw new Error('the send order upsert returned no row');
    return Number(row.last_order);
  }
}
