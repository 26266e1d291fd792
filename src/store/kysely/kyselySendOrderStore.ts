import { CompiledQuery } from 'kysely';
import { namedOnPostgres } from '../postgres/namedStatements.js';
import type { SendOrderStore } from '../sendOrderStore.js';
import { KyselyBacked } from './kyselyBacked.js';

/** The send order counter over Kysely: `send_orders`, one row per corp, moved by one upsert (atomic on both databases). */
export class KyselySendOrderStore extends KyselyBacked implements SendOrderStore {
  get belongsInTransaction(): boolean {
    return this.dialect === 'sqlite';
  }

  async next(corpId: string, atLeast: number): Promise<number> {
    const text = this.dialect === 'sqlite' ? NEXT_ON_SQLITE : this.db.isTransaction ? NEXT_ON_POSTGRES_IN_TRANSACTION : NEXT_ON_POSTGRES_ALONE;
    const { rows } = await this.db.executeQuery<{ last_order: number }>(CompiledQuery.raw(text, [corpId, atLeast]));
    return Number((rows[0] as { last_order: number }).last_order);
  }
}

const upsert = (larger: string, placeholders: [string, string]) =>
  `insert into send_orders (corp_id, last_order) values (${placeholders.join(', ')}) on conflict (corp_id) do update set last_order = ${larger}(send_orders.last_order + 1, excluded.last_order) returning last_order`;

const NEXT_ON_SQLITE = upsert('max', ['?', '?']);
const NEXT_ON_POSTGRES_IN_TRANSACTION = upsert('greatest', ['$1', '$2']);
/**
 * Alone (its own transaction), the counter commits without waiting for its WAL to reach the disk
 * (`synchronous_commit` off for this one transaction), so the corp's row is locked only while the
 * statement runs, not through a flush, and the corp's sends do not queue behind each other's. Nothing
 * is lost that matters: a message stored with this order commits later, durably, and its flush carries
 * every WAL record before it, this commit's included; an order whose message never commits is a gap.
 */
const NEXT_ON_POSTGRES_ALONE = namedOnPostgres(`${NEXT_ON_POSTGRES_IN_TRANSACTION}, set_config('synchronous_commit', 'off', true)`);
