/**
 * The one source of time in Dingo: the system clock plus an offset that the
 * dev control plane can only increase, so time keeps running between moves.
 * Token lifetimes, 24-hour windows, flow control and platform limits all read it.
 */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
}

export class OffsetClock implements Clock {
  private offsetMs = 0;
  private readonly advanceListeners = new Set<() => void>();

  constructor(private readonly systemNow: () => number = Date.now) {}

  now(): number {
    return this.systemNow() + this.offsetMs;
  }

  /** How far the clock has been moved forward, in milliseconds. */
  get offset(): number {
    return this.offsetMs;
  }

  /** Moves the clock forward by `ms` (never backwards) and returns the new time. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
    for (const listener of this.advanceListeners) listener();
    return this.now();
  }

  /** Calls `listener` after every move, so work that fell due runs at once; returns the function that stops it. */
  onAdvance(listener: () => void): () => void {
    this.advanceListeners.add(listener);
    return () => this.advanceListeners.delete(listener);
  }
}
