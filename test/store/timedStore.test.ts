import { describe, expect, it } from 'vitest';
import { timedStore } from '../../src/store/timedStore.js';
import { BACKEND, useStore } from './storeFixtures.js';

/** The store as Dingo runs it: every call timed (src/store/timedStore.ts), nothing else changed. */
describe(`the timed store on ${BACKEND}`, () => {
  const store = useStore({ empty: true });
  const recorded: string[] = [];
  const timed = () => timedStore(store(), { recorderOf: (area, operation) => () => recorded.push(`${area}.${operation}`) });

  it('answers as the store does, its getters too: where the send order is taken stays the store’s', async () => {
    const inner = store();
    expect(timed().sendOrders.belongsInTransaction).toBe(inner.sendOrders.belongsInTransaction);
    expect(timed().sendOrders.belongsInTransaction).toBe(BACKEND === 'SQLite');
    expect(await timed().sendOrders.next('corpA', 100)).toBe(100);
    expect(await inner.sendOrders.next('corpA', 100)).toBe(101);
  });

  it('times each call by area and operation, and each transaction, whose store is timed as well', async () => {
    recorded.length = 0;
    await timed().transaction(async (within) => {
      expect(within.sendOrders.belongsInTransaction).toBe(BACKEND === 'SQLite');
      await within.sendOrders.next('corpA', 7);
    });
    expect(recorded).toEqual(['sendOrders.next', 'store.transaction']);
  });
});
