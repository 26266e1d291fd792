/** What the platform limits count in the database: API calls per corp and month. */
export interface PlatformLimitStore {
  /**
   * Counts one call of `corpId` in `month` unless `limit` calls are counted
   * already; returns false (and counts nothing) when the quota is used up.
   */
  countApiCall(corpId: string, month: string, limit: number): Promise<boolean>;
  /** Forgets every counted call. */
  deleteApiCallCounts(): Promise<void>;
}
