import type { ClockOffsetStore } from '../clockOffsetStore.js';
import { KyselyBacked } from './kyselyBacked.js';

/** The one row `dev` of `clock_offsets`: platform-level, like `server_secrets`. */
const ROW = 'dev';

/** The clock offset over Kysely: `clock_offsets`. */
export class KyselyClockOffsetStore extends KyselyBacked implements ClockOffsetStore {
  async read(): Promise<number> {
    const row = await this.db.selectFrom('clock_offsets').select('offset_ms').where('name', '=', ROW).executeTakeFirst();
    return row ? Number(row.offset_ms) : 0;
  }

  async add(ms: number): Promise<number> {
    const row = await this.db
      .insertInto('clock_offsets')
      .values({ name: ROW, offset_ms: ms })
      .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ offset_ms: eb('clock_offsets.offset_ms', '+', ms) })))
      .returning('offset_ms')
      .executeTakeFirstOrThrow();
    return Number(row.offset_ms);
  }
}
