/**
 * Orders what is said in chats, robots' messages and users' alike, as it was
 * said, even within one millisecond: microseconds since the epoch, bumped past
 * the last one this node gave out. One instance per node, shared.
 */
export class SendOrder {
  private last = 0;

  next(now: number): number {
    this.last = Math.max(now * 1000, this.last + 1);
    return this.last;
  }
}
