/** What the platform limits count in the database, shared by every node: API calls per corp and month, and the QPS window per app and API. */
export interface PlatformLimitStore {
  /**
   * Counts one call of `corpId` in `month` unless `limit` calls are counted
   * already; returns false (and counts nothing) when the quota is used up.
   */
  countApiCall(corpId: string, month: string, limit: number): Promise<boolean>;
  /**
   * Takes a place for a call at `now` in the rolling window of `window.ms` of one app and API,
   * unless `window.limit` calls are in it already; returns false (and takes nothing) then.
   * Atomic across nodes: of racing calls, at most `limit` get a place.
   */
  takeQpsPlace(call: { corpId: string; appKey: string; api: string }, now: number, window: { ms: number; limit: number }): Promise<boolean>;
  /**
   * Deletes the places taken before `before` in up to `limit` QPS windows (of apps that stopped calling:
   * a window that takes calls drops its old places itself); returns how many windows it cleared.
   */
  purgeQpsPlacesBefore(before: number, limit: number): Promise<number>;
  /** Forgets every counted call and every place in the QPS windows. */
  deleteApiCallCounts(): Promise<void>;
}
