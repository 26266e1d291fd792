import type { Store } from '../store.js';
import { KyselyAccessTokenStore } from './kyselyAccessTokenStore.js';
import { KyselyBacked } from './kyselyBacked.js';
import { KyselyDirectoryStore } from './kyselyDirectoryStore.js';
import { KyselyGroupStore } from './kyselyGroupStore.js';
import { KyselyMessageStore } from './kyselyMessageStore.js';
import { KyselyPlatformLimitStore } from './kyselyPlatformLimitStore.js';
import { KyselyServerSecretStore } from './kyselyServerSecretStore.js';
import { KyselyWebSessionStore } from './kyselyWebSessionStore.js';

/**
 * The Store over Kysely: every area over one handle, the database or one
 * transaction. The same queries serve SQLite and PostgreSQL: only the dialect
 * handed in differs (see openStore.ts). Every query on tenant data is filtered by corp.
 */
export class KyselyStore extends KyselyBacked implements Store {
  readonly directory = new KyselyDirectoryStore(this.db, this.dialect);
  readonly groups = new KyselyGroupStore(this.db, this.dialect);
  readonly webSessions = new KyselyWebSessionStore(this.db, this.dialect);
  readonly messages = new KyselyMessageStore(this.db, this.dialect);
  readonly tokens = new KyselyAccessTokenStore(this.db, this.dialect);
  readonly platformLimits = new KyselyPlatformLimitStore(this.db, this.dialect);
  readonly serverSecrets = new KyselyServerSecretStore(this.db, this.dialect);

  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    return this.inTransaction((trx) => work(trx === this.db ? this : new KyselyStore(trx, this.dialect)));
  }

  async ping(): Promise<void> {
    await this.db.selectFrom('corps').select('corp_id').limit(1).execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
