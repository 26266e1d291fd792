import type { SendOrderStore } from '../store/sendOrderStore.js';

/**
 * Orders what is said in chats, robots' messages and users' alike, as it was
 * said, even within one millisecond and across nodes: microseconds since the
 * epoch, bumped past the last one any node gave out in the corp (one atomic
 * counter in the store).
 */
export class SendOrder {
  constructor(private readonly store: SendOrderStore) {}

  next(corpId: string, now: number): Promise<number> {
    return this.store.next(corpId, now * 1000);
  }
}
