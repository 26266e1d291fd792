import { sql } from 'kysely';
import type { AttemptSubject, FailedAttemptStore } from '../failedAttemptStore.js';
import { KyselyBacked } from './kyselyBacked.js';

/** The advisory lock class of failed-attempt windows (PostgreSQL's two-key advisory locks: class, hash of the subject). */
const ATTEMPT_WINDOW_LOCK_CLASS = 0x0d1961;

/** Failed attempts over Kysely: `failed_attempts`. */
export class KyselyFailedAttemptStore extends KyselyBacked implements FailedAttemptStore {
  async takePlace(attempt: AttemptSubject & { attemptId: string }, now: number, window: { ms: number; limit: number }): Promise<{ countedBefore: number } | undefined> {
    return this.inTransaction(async (db) => {
      // One subject at a time: PostgreSQL holds racing transactions of the same subject on an advisory lock;
      // on SQLite the delete below, the first statement, takes the database's write lock.
      if (this.dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(${ATTEMPT_WINDOW_LOCK_CLASS}, hashtext(${`${attempt.kind}/${attempt.subject}`}))`.execute(db);
      }
      // Attempts that left the window, of every subject: what keeps the table to the attempts of the last window.
      await db.deleteFrom('failed_attempts').where('at', '<=', now - window.ms).execute();
      const { counted } = await db
        .selectFrom('failed_attempts')
        .where('kind', '=', attempt.kind)
        .where('subject', '=', attempt.subject)
        .where('at', '>', now - window.ms)
        .select((eb) => eb.fn.countAll<number>().as('counted'))
        .executeTakeFirstOrThrow();
      const countedBefore = Number(counted);
      if (countedBefore >= window.limit) return undefined;
      await db.insertInto('failed_attempts').values({ attempt_id: attempt.attemptId, kind: attempt.kind, subject: attempt.subject, at: now }).execute();
      return { countedBefore };
    });
  }

  async givePlaceBack(attemptId: string): Promise<void> {
    await this.db.deleteFrom('failed_attempts').where('attempt_id', '=', attemptId).execute();
  }

  async keepNewest(rows: number): Promise<void> {
    // The newest attempt past the first `rows`; it goes with every older one (and any of the same time).
    const firstDropped = await this.db.selectFrom('failed_attempts').select('at').orderBy('at', 'desc').limit(1).offset(rows).executeTakeFirst();
    if (firstDropped) await this.db.deleteFrom('failed_attempts').where('at', '<=', Number(firstDropped.at)).execute();
  }

  async deleteAll(): Promise<void> {
    await this.db.deleteFrom('failed_attempts').execute();
  }
}
