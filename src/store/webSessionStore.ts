import type { UserRecord } from './directoryStore.js';

/** Sessions of the web client, each kept under its corp by the hash of its secret. */
export interface WebSessionStore {
  create(session: { corpId: string; sessionHash: string; userId: string; expiresAt: number }): Promise<void>;
  /** The user of a live session, or undefined. */
  findUser(corpId: string, sessionHash: string, now: number): Promise<UserRecord | undefined>;
  delete(corpId: string, sessionHash: string): Promise<void>;
  /** Deletes up to `limit` sessions of any corp expired at `now`; returns how many it deleted. */
  purgeExpired(now: number, limit: number): Promise<number>;
  /** Removes the user's sessions but `keepSessionHash`; returns the hashes of those removed. */
  deleteOfUser(corpId: string, userId: string, keepSessionHash?: string): Promise<string[]>;
}
