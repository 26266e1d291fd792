/** What a failed-attempt rule counts (docs/behaviour.md, Guessing): the kind of credential and whose it is. */
export interface AttemptSubject {
  /** `appKey`, `suiteKey`, `customRobot` or `signIn`. */
  kind: string;
  /** Who is guessed at, as stored: a digest of the appKey, suiteKey, robot token or corp and user. */
  subject: string;
}

/**
 * Failed credential checks per subject, in a rolling window on the injected clock, shared
 * by every node. An attempt takes a place first (counted as a failure) and gives it back
 * when it succeeds, so racing attempts of one subject are counted before they are checked.
 */
export interface FailedAttemptStore {
  /**
   * Takes a place for the attempt `attemptId` at `now`, unless `window.limit` attempts of the
   * subject in the last `window.ms` are counted already: then takes nothing and answers
   * undefined. Answers how many were counted before this one. Removes every attempt older
   * than the window, of any subject. Atomic across nodes: of racing attempts of one subject,
   * at most `limit` in a window get a place.
   */
  takePlace(attempt: AttemptSubject & { attemptId: string }, now: number, window: { ms: number; limit: number }): Promise<{ countedBefore: number } | undefined>;
  /** Gives the place of a successful attempt back: it is no failure. */
  givePlaceBack(attemptId: string): Promise<void>;
  /** Keeps at most the newest `rows` attempts of all subjects (what bounds the table when many subjects are guessed at); attempts of one time go together. */
  keepNewest(rows: number): Promise<void>;
  /** Forgets every attempt (control plane reset). */
  deleteAll(): Promise<void>;
}
