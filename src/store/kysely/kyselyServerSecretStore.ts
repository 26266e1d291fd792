import type { Kysely } from 'kysely';
import type { StoredSecrets } from '../../secrets/storedSecrets.js';
import type { Database } from '../schema.js';
import type { ServerSecretStore } from '../serverSecretStore.js';
import { type Dialect, KyselyBacked } from './kyselyBacked.js';
import { sealedAt } from './sealedColumns.js';

/** Server secrets over Kysely: `server_secrets`, each sealed under the server key. */
export class KyselyServerSecretStore extends KyselyBacked implements ServerSecretStore {
  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    private readonly secrets: StoredSecrets,
  ) {
    super(db, dialect);
  }

  async ensure(name: string, candidate: string): Promise<string> {
    await this.db
      .insertInto('server_secrets')
      .values({ name, value: this.secrets.seal(candidate, sealedAt.serverSecret(name)) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
    return this.secrets.open(row.value, sealedAt.serverSecret(name));
  }
}
