import type { Kysely, Migration } from 'kysely';

/** The conversion that seals the secrets written before this migration; it needs the server key, so it runs at start (sealPlaintextSecrets). */
export const SECRETS_AT_REST_CONVERSION = '0013_secrets_at_rest';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // From here on `access_tokens.token` holds the token's lookup hash, and `sealed_token` the token sealed under the server key.
    await db.schema.alterTable('access_tokens').addColumn('sealed_token', 'text').execute();
    // Conversions that need what a migration cannot see (the server key), done once at the next start and then removed.
    await db.schema.createTable('pending_conversions').addColumn('name', 'text', (c) => c.primaryKey()).execute();
    await db.insertInto('pending_conversions' as never).values({ name: SECRETS_AT_REST_CONVERSION } as never).execute();
  },
};
