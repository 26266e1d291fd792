import type { SendOrderStore } from '../store/sendOrderStore.js';

/**
 * Orders what is said in chats, robots' messages and users' alike, as it was
 * said, even within one millisecond and across nodes: microseconds since the
 * epoch, bumped past the last one any node gave out in the corp (one atomic
 * counter in the store).
 */
export class SendOrder {
  constructor(private readonly store: SendOrderStore) {}

  /** Whether the order of a send is taken inside the transaction that stores it (SendOrderStore.belongsInTransaction). */
  get takenInTransaction(): boolean {
    return this.store.belongsInTransaction;
  }

  /**
   * The next order of the corp for a message stored by `transaction`: taken inside it through its own counter
   * where the store wants it there (SendOrderStore.belongsInTransaction), before it otherwise.
   */
  async forTransaction<T>(corpId: string, now: number, transaction: (takeOrder: (within: SendOrderStore) => Promise<number>) => Promise<T>): Promise<T> {
    if (this.store.belongsInTransaction) return transaction((within) => within.next(corpId, now * 1000));
    const order = await this.store.next(corpId, now * 1000);
    return transaction(async () => order);
  }
}
