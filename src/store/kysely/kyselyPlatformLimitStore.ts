import type { PlatformLimitStore } from '../platformLimitStore.js';
import { KyselyBacked } from './kyselyBacked.js';

/** Platform-limit counts over Kysely: `api_call_counts`. */
export class KyselyPlatformLimitStore extends KyselyBacked implements PlatformLimitStore {
  async countApiCall(corpId: string, month: string, limit: number): Promise<boolean> {
    // The upsert below counts a corp's first call of the month whatever the limit.
    if (limit <= 0) return false;
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
}
