import { TurnBatches } from '../postgres/turnBatches.js';
import type { SendOrderStore } from '../sendOrderStore.js';
import { FixedStatement } from './fixedStatement.js';
import { KyselyBacked } from './kyselyBacked.js';

interface OrderWanted {
  corpId: string;
  atLeast: number;
}

/** The send order counter over Kysely: `send_orders`, one row per corp, moved by one upsert (atomic on both databases). */
export class KyselySendOrderStore extends KyselyBacked implements SendOrderStore {
  /** PostgreSQL, outside a transaction: the orders asked for within one turn are given out by one statement. */
  private readonly batches =
    this.dialect === 'postgres' && !this.db.isTransaction
      ? new TurnBatches<OrderWanted, number>(
          (wanted) => this.nextOfMany(wanted),
          ({ corpId, atLeast }) => this.nextAlone(NEXT_ON_POSTGRES_ALONE, corpId, atLeast),
        )
      : undefined;

  get belongsInTransaction(): boolean {
    return this.dialect === 'sqlite';
  }

  async next(corpId: string, atLeast: number): Promise<number> {
    if (this.batches) return this.batches.write({ corpId, atLeast });
    return this.nextAlone(NEXT, corpId, atLeast);
  }

  private async nextAlone(statement: FixedStatement, corpId: string, atLeast: number): Promise<number> {
    const [row] = await this.rowsOf<{ last_order: number }>(statement, [corpId, atLeast]);
    return Number((row as { last_order: number }).last_order);
  }

  /**
   * Several orders, in the order asked for, from one upsert per corp. The k orders of a corp are the k numbers
   * ending at its new last order, which is past the old one by k at least and past each asked-for minimum by the
   * number of orders after it, so each order is above the old last one, at least its minimum, and above the one before.
   */
  private async nextOfMany(wanted: OrderWanted[]): Promise<number[]> {
    const byCorp = new Map<string, number[]>();
    for (const { corpId, atLeast } of wanted) byCorp.set(corpId, [...(byCorp.get(corpId) ?? []), atLeast]);
    const corps = [...byCorp.keys()];
    const counts = corps.map((corpId) => (byCorp.get(corpId) as number[]).length);
    const lastAtLeast = corps.map((corpId, c) => Math.max(...(byCorp.get(corpId) as number[]).map((atLeast, i) => atLeast + (counts[c] as number) - 1 - i)));
    const rows = await this.rowsOf<{ corp_id: string; last_order: number }>(NEXT_OF_MANY_ON_POSTGRES, [corps, lastAtLeast, counts]);
    const givenOut = new Map(rows.map((r) => [r.corp_id, Number(r.last_order) - (byCorp.get(r.corp_id) as number[]).length]));
    return wanted.map(({ corpId }) => {
      const order = (givenOut.get(corpId) as number) + 1;
      givenOut.set(corpId, order);
      return order;
    });
  }
}

const upsert = (dialect: 'sqlite' | 'postgres') =>
  `insert into send_orders (corp_id, last_order) values (?, ?) on conflict (corp_id) do update set last_order = ${dialect === 'postgres' ? 'greatest' : 'max'}(send_orders.last_order + 1, excluded.last_order) returning last_order`;

/** One order, in the caller's transaction (SQLite's send) or PostgreSQL's own. */
const NEXT = new FixedStatement(upsert);
/**
 * Alone (its own transaction), the counter commits without waiting for its WAL to reach the disk
 * (`synchronous_commit` off for this one transaction), so the corp's row is locked only while the
 * statement runs, not through a flush, and the corp's sends do not queue behind each other's. Nothing
 * is lost that matters: a message stored with this order commits later, durably, and its flush carries
 * every WAL record before it, this commit's included; an order whose message never commits is a gap.
 */
const SYNCHRONOUS_COMMIT_OFF = `set_config('synchronous_commit', 'off', true)`;
const NEXT_ON_POSTGRES_ALONE = new FixedStatement({ postgres: `${upsert('postgres')}, ${SYNCHRONOUS_COMMIT_OFF}` });
/** The same for several corps, each moved by its count of orders ($3) and to its minimum last order ($2) at least. */
const NEXT_OF_MANY_ON_POSTGRES = new FixedStatement({
  postgres: `with wanted as (select * from unnest($1::text[], $2::bigint[], $3::bigint[]) as w(corp_id, last_order, orders))
  insert into send_orders (corp_id, last_order) select corp_id, last_order from wanted
  on conflict (corp_id) do update
  set last_order = greatest(send_orders.last_order + (select orders from wanted where wanted.corp_id = excluded.corp_id), excluded.last_order)
  returning corp_id, last_order, ${SYNCHRONOUS_COMMIT_OFF}`,
});
