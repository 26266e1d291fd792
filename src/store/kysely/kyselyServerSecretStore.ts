import type { ServerSecretStore } from '../serverSecretStore.js';
import { KyselyBacked } from './kyselyBacked.js';

/** Server secrets over Kysely: `server_secrets`. */
export class KyselyServerSecretStore extends KyselyBacked implements ServerSecretStore {
  async ensure(name: string, candidate: string): Promise<string> {
    await this.db
      .insertInto('server_secrets')
      .values({ name, value: candidate })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
    return row.value;
  }
}
