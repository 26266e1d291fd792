/** How far the dev control plane has moved the clock: stored, so a restart (or another node) keeps the same time. */
export interface ClockOffsetStore {
  /** The stored offset in milliseconds; 0 when the clock was never moved. */
  read(): Promise<number>;
  /** Adds `ms` to the stored offset in one atomic step and returns the new offset. */
  add(ms: number): Promise<number>;
}
