import type { UserRecord } from '../directoryStore.js';
import type { WebSessionStore } from '../webSessionStore.js';
import { KyselyBacked } from './kyselyBacked.js';
import { keysByCorp } from './keysByCorp.js';
import { toUser } from './userRows.js';

/** Web sessions over Kysely: `web_sessions`, joined to `users`. */
export class KyselyWebSessionStore extends KyselyBacked implements WebSessionStore {
  async create(session: { corpId: string; sessionHash: string; userId: string; expiresAt: number }): Promise<void> {
    await this.db
      .insertInto('web_sessions')
      .values({ corp_id: session.corpId, session_hash: session.sessionHash, user_id: session.userId, expires_at: session.expiresAt })
      .execute();
  }

  async findUser(corpId: string, sessionHash: string, now: number): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('web_sessions as s')
      .innerJoin('users as u', (join) => join.onRef('u.corp_id', '=', 's.corp_id').onRef('u.user_id', '=', 's.user_id'))
      .selectAll('u')
      .where('s.corp_id', '=', corpId)
      .where('s.session_hash', '=', sessionHash)
      .where('s.expires_at', '>', now)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async delete(corpId: string, sessionHash: string): Promise<void> {
    await this.db.deleteFrom('web_sessions').where('corp_id', '=', corpId).where('session_hash', '=', sessionHash).execute();
  }

  async purgeExpired(now: number, limit: number): Promise<number> {
    const expired = await this.db.selectFrom('web_sessions').select(['corp_id', 'session_hash']).where('expires_at', '<=', now).limit(limit).execute();
    for (const [corpId, hashes] of keysByCorp(expired, (row) => row.session_hash)) {
      await this.db.deleteFrom('web_sessions').where('corp_id', '=', corpId).where('session_hash', 'in', hashes).execute();
    }
    return expired.length;
  }

  async deleteOfUser(corpId: string, userId: string, keepSessionHash?: string): Promise<string[]> {
    let removal = this.db.deleteFrom('web_sessions').where('corp_id', '=', corpId).where('user_id', '=', userId);
    if (keepSessionHash !== undefined) removal = removal.where('session_hash', '!=', keepSessionHash);
    const removed = await removal.returning('session_hash').execute();
    return removed.map((row) => row.session_hash);
  }
}
