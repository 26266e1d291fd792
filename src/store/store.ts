/**
 * The one store interface of Dingo. Domain services depend on this, never on a
 * database driver. Every method is atomic; `transaction` groups several.
 * Implementations: KyselyStore over SQLite (better-sqlite3) or PostgreSQL (pg).
 */
export interface Store {
  /** Runs `work` in one transaction: all of its writes commit together or none do. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;

  // Directory
  hasAnyCorp(): Promise<boolean>;
  /** Creates or updates every entry of `directory` (none duplicated), in one transaction. */
  applyDirectory(directory: DirectoryChanges): Promise<void>;
  findUser(corpId: string, userId: string): Promise<UserRecord | undefined>;
  findInternalApp(appKey: string): Promise<AppRecord | undefined>;
  findSuite(suiteKey: string): Promise<SuiteRecord | undefined>;
  isSuiteAuthorized(corpId: string, suiteKey: string): Promise<boolean>;

  // Access tokens
  /**
   * Returns the live token of (corp, app) with its expiry moved to `expiresAt`,
   * or stores `candidate` as the new token when none is live at `now`.
   */
  issueToken(grant: TokenIssue): Promise<string>;
  /** The grant behind a token, whatever its expiry (the caller compares). */
  findTokenGrant(token: string): Promise<TokenGrant | undefined>;

  // Platform limits
  /**
   * Counts one call of `corpId` in `month` unless `limit` calls are counted
   * already; returns false (and counts nothing) when the quota is used up.
   */
  countApiCall(corpId: string, month: string, limit: number): Promise<boolean>;

  /** Checks the connection; throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface UserRecord {
  corpId: string;
  userId: string;
  name: string;
  passwordHash: string | null;
  isAdmin: boolean;
}

export interface AppRecord {
  corpId: string;
  appKey: string;
  appSecret: string;
  name: string;
  permissions: string[];
}

export interface SuiteRecord {
  suiteKey: string;
  suiteSecret: string;
  name: string;
  permissions: string[];
}

export type AppKind = 'internal' | 'suite';

export interface TokenIssue {
  corpId: string;
  appKey: string;
  appKind: AppKind;
  candidate: string;
  now: number;
  expiresAt: number;
}

/** What a token lets its bearer do: act as one app in one corp. */
export interface TokenGrant {
  corpId: string;
  appKey: string;
  appKind: AppKind;
  expiresAt: number;
  permissions: string[];
}

/** A whole directory to create or update, with passwords already hashed. */
export interface DirectoryChanges {
  corps: Array<{
    corpId: string;
    name: string;
    users: Array<{ userId: string; name: string; passwordHash: string | null; isAdmin: boolean }>;
    apps: Array<{ appKey: string; appSecret: string; name: string; permissions: string[] }>;
    /** Robots of internal apps and of the suites this corp authorised. */
    robots: Array<{ robotCode: string; appKey: string; name: string; status: 'enabled' | 'stopped' }>;
    coolApps: Array<{ coolAppCode: string; robotCode: string }>;
    privateChats: Array<{ openConversationId: string; members: string[]; coolAppCodes: string[] }>;
  }>;
  suites: Array<{ suiteKey: string; suiteSecret: string; name: string; permissions: string[]; authorizedCorps: string[] }>;
}
