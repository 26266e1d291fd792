import type { Kysely } from 'kysely';
import type { StoredSecrets } from '../../secrets/storedSecrets.js';
import { SECRETS_AT_REST_CONVERSION } from '../migrations/0013_secrets_at_rest.js';
import type { Database } from '../schema.js';
import { rewriteSecrets } from './secretRewrite.js';

/**
 * Seals the secrets a store kept in plain text before migration 0013 (which cannot see the server
 * key, so it leaves this for the start): app and suite secrets, access tokens, custom robots' tokens
 * and secrets, and server secrets. Once, in one transaction that also removes the pending mark, so a
 * second run (or a second node, after the first: Store.oneNodeAtATime) finds nothing to do. True when it converted.
 */
export async function sealPlaintextSecrets(database: Kysely<Database>, secrets: StoredSecrets): Promise<boolean> {
  return database.transaction().execute(async (db) => {
    const pending = await db.deleteFrom('pending_conversions').where('name', '=', SECRETS_AT_REST_CONVERSION).executeTakeFirst();
    if (pending.numDeletedRows === 0n) return false;
    await rewriteSecrets(db, 'plain text', secrets);
    return true;
  });
}
