import type { OffsetClock } from '../clock.js';
import type { NodeChannel } from '../events/nodeChannel.js';
import type { ClockOffsetStore } from '../store/clockOffsetStore.js';

/**
 * The moves of the dev control plane's clock, kept in the store: a restarted
 * Dingo goes on from the moved time, so messages sent before and after the
 * restart keep their order and 24-hour windows stay where they were. A move
 * on one node is told to the others, which re-read the stored offset.
 */
export class StoredClockOffset {
  constructor(
    private readonly clock: OffsetClock,
    private readonly store: ClockOffsetStore,
    private readonly channel: NodeChannel,
  ) {
    channel.subscribe((note, from) => {
      if (note.kind === 'clockMoved' && from === 'another node') this.restore().catch(() => undefined);
    });
  }

  /** Moves the clock to the stored offset (it never moves back): at start, and when another node moved it. */
  async restore(): Promise<void> {
    this.catchUp(await this.store.read());
  }

  /**
   * Moves the clock forward by `ms`, stored first; returns the new time. It moves by `ms` even when
   * this clock is already past the stored offset (moved directly, as tests do), and further when
   * another node's moves took the stored offset beyond that.
   */
  async advance(ms: number): Promise<number> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    const storedOffset = await this.store.add(ms);
    this.clock.advance(Math.max(ms, storedOffset - this.clock.offset));
    this.channel.publish({ kind: 'clockMoved' });
    return this.clock.now();
  }

  private catchUp(storedOffset: number): void {
    if (storedOffset > this.clock.offset) this.clock.advance(storedOffset - this.clock.offset);
  }
}
