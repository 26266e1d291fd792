import type { Kysely } from 'kysely';
import type { StoredSecrets } from '../../secrets/storedSecrets.js';
import type { AccessTokenStore, TokenGrant, TokenIssue } from '../accessTokenStore.js';
import type { Database } from '../schema.js';
import { type Dialect, KyselyBacked } from './kyselyBacked.js';
import { lookupOf, sealedAt } from './sealedColumns.js';
import { keysByCorp } from './keysByCorp.js';

/**
 * Access tokens over Kysely: `access_tokens`, with the permissions of their app or suite. A token is
 * stored as its lookup hash (what a request's token is found by) and sealed under the server key
 * (what "asking again returns the same token" hands back); never as itself.
 */
export class KyselyAccessTokenStore extends KyselyBacked implements AccessTokenStore {
  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    private readonly secrets: StoredSecrets,
  ) {
    super(db, dialect);
  }

  async issue(issue: TokenIssue): Promise<string> {
    const sealedAtRow = sealedAt.accessToken(issue.corpId, issue.appKey);
    const row = await this.db
      .insertInto('access_tokens')
      .values({
        corp_id: issue.corpId,
        app_key: issue.appKey,
        app_kind: issue.appKind,
        token: this.secrets.lookupHash(lookupOf.accessToken, issue.candidate),
        sealed_token: this.secrets.seal(issue.candidate, sealedAtRow),
        expires_at: issue.expiresAt,
      })
      .onConflict((oc) =>
        oc.columns(['corp_id', 'app_key']).doUpdateSet((eb) => {
          // Keep the live token; replace one that has expired.
          const live = eb('access_tokens.expires_at', '>', issue.now);
          return {
            token: eb.case().when(live).then(eb.ref('access_tokens.token')).else(eb.ref('excluded.token')).end(),
            sealed_token: eb.case().when(live).then(eb.ref('access_tokens.sealed_token')).else(eb.ref('excluded.sealed_token')).end(),
            app_kind: eb.ref('excluded.app_kind'),
            expires_at: eb.ref('excluded.expires_at'),
          };
        }),
      )
      .returning('sealed_token')
      .executeTakeFirstOrThrow();
    return this.secrets.open(row.sealed_token ?? '', sealedAtRow);
  }

  async revoke(appKey: string): Promise<void> {
    await this.db.deleteFrom('access_tokens').where('app_key', '=', appKey).execute();
  }

  async purgeExpired(now: number, limit: number): Promise<number> {
    const expired = await this.db.selectFrom('access_tokens').select(['corp_id', 'app_key']).where('expires_at', '<=', now).limit(limit).execute();
    for (const [corpId, appKeys] of keysByCorp(expired, (row) => row.app_key)) {
      // Still expired: an issue since the select gave the app a live token, which stays.
      await this.db.deleteFrom('access_tokens').where('corp_id', '=', corpId).where('app_key', 'in', appKeys).where('expires_at', '<=', now).execute();
    }
    return expired.length;
  }

  async findGrant(token: string): Promise<TokenGrant | undefined> {
    const row = await this.db
      .selectFrom('access_tokens as t')
      .leftJoin('apps as a', (join) => join.onRef('a.corp_id', '=', 't.corp_id').onRef('a.app_key', '=', 't.app_key'))
      .leftJoin('suite_authorizations as sa', (join) =>
        join.onRef('sa.corp_id', '=', 't.corp_id').onRef('sa.suite_key', '=', 't.app_key'),
      )
      .leftJoin('suites as s', 's.suite_key', 'sa.suite_key')
      .select(['t.corp_id', 't.app_key', 't.app_kind', 't.expires_at', 'a.permissions as app_permissions', 's.permissions as suite_permissions'])
      .where('t.token', '=', this.secrets.lookupHash(lookupOf.accessToken, token))
      .executeTakeFirst();
    if (!row) return undefined;
    // An app removed from the directory, or a suite no longer authorised, grants nothing.
    const permissions = row.app_kind === 'internal' ? row.app_permissions : row.suite_permissions;
    if (permissions === null) return undefined;
    return {
      corpId: row.corp_id,
      appKey: row.app_key,
      appKind: row.app_kind,
      expiresAt: Number(row.expires_at),
      permissions: JSON.parse(permissions) as string[],
    };
  }
}
