import { sql } from 'kysely';
import type { PlatformLimitStore } from '../platformLimitStore.js';
import { KyselyBacked } from './kyselyBacked.js';

/** The advisory lock class of QPS windows (PostgreSQL's two-key advisory locks: class, hash of the window). */
const QPS_WINDOW_LOCK_CLASS = 0x0d1960;

/** Platform-limit counts over Kysely: `api_call_counts`, `qps_calls`. */
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

  async takeQpsPlace(call: { corpId: string; appKey: string; api: string }, now: number, window: { ms: number; limit: number }): Promise<boolean> {
    return this.inTransaction(async (db) => {
      // One window at a time: PostgreSQL holds racing transactions of the same window on an advisory lock;
      // on SQLite the delete below, the first statement, takes the database's write lock.
      if (this.dialect === 'postgres') {
        const windowKey = JSON.stringify([call.corpId, call.appKey, call.api]);
        await sql`select pg_advisory_xact_lock(${QPS_WINDOW_LOCK_CLASS}, hashtext(${windowKey}))`.execute(db);
      }
      const inWindow = db
        .selectFrom('qps_calls')
        .where('corp_id', '=', call.corpId)
        .where('app_key', '=', call.appKey)
        .where('api', '=', call.api);
      await db
        .deleteFrom('qps_calls')
        .where('corp_id', '=', call.corpId)
        .where('app_key', '=', call.appKey)
        .where('api', '=', call.api)
        .where('at', '<=', now - window.ms)
        .execute();
      const { calls } = await inWindow.select((eb) => eb.fn.countAll<number>().as('calls')).executeTakeFirstOrThrow();
      if (Number(calls) >= window.limit) return false;
      await db.insertInto('qps_calls').values({ corp_id: call.corpId, app_key: call.appKey, api: call.api, at: now }).execute();
      return true;
    });
  }

  async purgeQpsPlacesBefore(before: number, limit: number): Promise<number> {
    const windows = await this.db.selectFrom('qps_calls').select(['corp_id', 'app_key', 'api']).distinct().where('at', '<', before).limit(limit).execute();
    for (const window of windows) {
      await this.db
        .deleteFrom('qps_calls')
        .where('corp_id', '=', window.corp_id)
        .where('app_key', '=', window.app_key)
        .where('api', '=', window.api)
        .where('at', '<', before)
        .execute();
    }
    return windows.length;
  }

  async deleteApiCallCounts(): Promise<void> {
    await this.inTransaction(async (db) => {
      await db.deleteFrom('api_call_counts').execute();
      await db.deleteFrom('qps_calls').execute();
    });
  }
}
