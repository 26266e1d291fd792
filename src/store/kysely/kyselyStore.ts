import { type Kysely, sql } from 'kysely';
import { StoredSecrets } from '../../secrets/storedSecrets.js';
import type { DirectoryFileBytes } from '../directoryFileBytes.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';
import { KyselyAccessTokenStore } from './kyselyAccessTokenStore.js';
import { type Dialect, KyselyBacked } from './kyselyBacked.js';
import { KyselyBotDeliveryStore } from './kyselyBotDeliveryStore.js';
import { KyselyClockOffsetStore } from './kyselyClockOffsetStore.js';
import { KyselyConversationStore } from './kyselyConversationStore.js';
import { KyselyCustomRobotStore } from './kyselyCustomRobotStore.js';
import { KyselyDirectoryStore } from './kyselyDirectoryStore.js';
import { KyselyFailedAttemptStore } from './kyselyFailedAttemptStore.js';
import { KyselyFileBytes } from './kyselyFileBytes.js';
import { KyselyFileStore } from './kyselyFileStore.js';
import { GroupCommit } from './groupCommit.js';
import { KyselyGroupStore } from './kyselyGroupStore.js';
import { KyselyMessageStore } from './kyselyMessageStore.js';
import { KyselyPlatformLimitStore } from './kyselyPlatformLimitStore.js';
import { KyselySendOrderStore } from './kyselySendOrderStore.js';
import { KyselyServerSecretStore } from './kyselyServerSecretStore.js';
import { rewriteSecrets } from './secretRewrite.js';
import { KyselyWebSessionStore } from './kyselyWebSessionStore.js';

/**
 * Where the bytes of stored files go: the database's own `file_blobs` (written in
 * the same transaction as the metadata), or a directory; `temporary` directories
 * (the in-memory database's) are removed when the store closes.
 */
export type FileBytesPlace = { kind: 'database' } | { kind: 'directory'; bytes: DirectoryFileBytes; temporary: boolean };

/** The advisory lock of Store.oneNodeAtATime: any fixed 64-bit number no other lock of the database uses ("dingo" in ASCII). */
const STARTUP_LOCK_KEY = sql.lit(0x64696e676fn);

/**
 * The Store over Kysely: every area over one handle, the database or one
 * transaction. The same queries serve SQLite and PostgreSQL: only the dialect
 * handed in differs (see openStore.ts). Every query on tenant data is filtered by corp.
 */
export class KyselyStore extends KyselyBacked implements Store {
  readonly directory: KyselyDirectoryStore;
  readonly groups = new KyselyGroupStore(this.db, this.dialect);
  readonly webSessions = new KyselyWebSessionStore(this.db, this.dialect);
  readonly messages = new KyselyMessageStore(this.db, this.dialect);
  readonly sendOrders = new KyselySendOrderStore(this.db, this.dialect);
  readonly tokens: KyselyAccessTokenStore;
  readonly platformLimits = new KyselyPlatformLimitStore(this.db, this.dialect);
  readonly failedAttempts = new KyselyFailedAttemptStore(this.db, this.dialect);
  readonly serverSecrets: KyselyServerSecretStore;
  readonly conversations = new KyselyConversationStore(this.db, this.dialect);
  readonly botDeliveries = new KyselyBotDeliveryStore(this.db, this.dialect);
  readonly clockOffset = new KyselyClockOffsetStore(this.db, this.dialect);
  readonly customRobots: KyselyCustomRobotStore;
  readonly files: KyselyFileStore;
  private readonly fileBytesPlace: FileBytesPlace;
  /** SQLite's: concurrent transactions share one commit (groupCommit.ts). PostgreSQL runs them side by side instead. */
  private readonly groupCommit: GroupCommit | undefined;

  /**
   * `secrets`: how the secrets the store keeps are sealed and looked up (under the server key);
   * `stopBackgroundWork` ends what the database runs besides queries (SQLite's checkpoints), before it closes.
   */
  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    fileBytesPlace: FileBytesPlace,
    private readonly secrets: StoredSecrets,
    private readonly stopBackgroundWork: () => Promise<void> = async () => {},
  ) {
    super(db, dialect);
    this.directory = new KyselyDirectoryStore(db, dialect, secrets);
    this.tokens = new KyselyAccessTokenStore(db, dialect, secrets);
    this.serverSecrets = new KyselyServerSecretStore(db, dialect, secrets);
    this.customRobots = new KyselyCustomRobotStore(db, dialect, secrets);
    this.fileBytesPlace = fileBytesPlace;
    this.files = new KyselyFileStore(db, dialect, fileBytesPlace.kind === 'database' ? new KyselyFileBytes(db, dialect) : fileBytesPlace.bytes);
    this.groupCommit = dialect === 'sqlite' && !db.isTransaction ? new GroupCommit(db) : undefined;
  }

  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const inTrx = (trx: Kysely<Database>) => work(trx === this.db ? this : new KyselyStore(trx, this.dialect, this.fileBytesPlace, this.secrets));
    return this.groupCommit ? this.groupCommit.run(inTrx) : this.inTransaction(inTrx);
  }

  async oneNodeAtATime<T>(work: () => Promise<T>): Promise<T> {
    if (this.dialect === 'sqlite') return work();
    // A session lock, on one connection held for the whole work: it ends with the session if this node dies.
    return this.db.connection().execute(async (session) => {
      await sql`select pg_advisory_lock(${STARTUP_LOCK_KEY})`.execute(session);
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`.execute(session);
      }
    });
  }

  async resealUnder(newServerKey: Buffer): Promise<void> {
    await this.oneNodeAtATime(() => this.inTransaction((db) => rewriteSecrets(db, this.secrets, new StoredSecrets(newServerKey))));
  }

  async ping(): Promise<void> {
    await this.db.selectFrom('corps').select('corp_id').limit(1).execute();
  }

  async close(): Promise<void> {
    await this.stopBackgroundWork();
    await this.db.destroy();
    if (this.fileBytesPlace.kind === 'directory' && this.fileBytesPlace.temporary) await this.fileBytesPlace.bytes.remove();
  }
}
