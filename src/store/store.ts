import type { AccessTokenStore } from './accessTokenStore.js';
import type { ClockOffsetStore } from './clockOffsetStore.js';
import type { BotDeliveryStore } from './botDeliveryStore.js';
import type { ConversationStore } from './conversationStore.js';
import type { CustomRobotStore } from './customRobotStore.js';
import type { DirectoryStore } from './directoryStore.js';
import type { FailedAttemptStore } from './failedAttemptStore.js';
import type { FileStore } from './fileStore.js';
import type { GroupStore } from './groupStore.js';
import type { MessageStore } from './messageStore.js';
import type { PlatformLimitStore } from './platformLimitStore.js';
import type { SendOrderStore } from './sendOrderStore.js';
import type { ServerSecretStore } from './serverSecretStore.js';
import type { WebSessionStore } from './webSessionStore.js';

/**
 * The store, one area per property. Domain services depend on these
 * interfaces, never on a database driver. Every method is atomic;
 * `transaction` groups several, across areas.
 * Implementation: KyselyStore (kysely/kyselyStore.ts) over SQLite or PostgreSQL.
 */
export interface Store extends StoreAreas {
  /** Runs `work` in one transaction (called inside one, in that one), with every area bound to it: all of its writes commit together or none do. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while no other node runs its own: nodes starting together on one database migrate it,
   * apply the seed and create the demo directory one after the other. PostgreSQL holds an advisory
   * lock for it; SQLite, one process per database file, runs it at once.
   */
  oneNodeAtATime<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Seals every stored secret under `newServerKey` instead of the key the store was opened with, in one
   * transaction (`dingo rotate-key`). The store must not be used afterwards: close it, and start with the new key.
   */
  resealUnder(newServerKey: Buffer): Promise<void>;
  /** Checks the connection; throws StoreUnavailable when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The areas of the store: a new area is one interface module and one line here. */
export interface StoreAreas {
  readonly directory: DirectoryStore;
  readonly groups: GroupStore;
  readonly webSessions: WebSessionStore;
  readonly messages: MessageStore;
  readonly sendOrders: SendOrderStore;
  readonly tokens: AccessTokenStore;
  readonly platformLimits: PlatformLimitStore;
  readonly failedAttempts: FailedAttemptStore;
  readonly serverSecrets: ServerSecretStore;
  readonly clockOffset: ClockOffsetStore;
  readonly files: FileStore;
  readonly conversations: ConversationStore;
  readonly botDeliveries: BotDeliveryStore;
  readonly customRobots: CustomRobotStore;
}
