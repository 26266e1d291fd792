import { describe, expect, it } from 'vitest';
import { BACKEND, useSharedDatabase, useStore } from './storeFixtures.js';

describe(`store.sendOrders on ${BACKEND}`, () => {
  const store = useStore({ empty: true });

  it('gives atLeast the first time', async () => {
    expect(await store().sendOrders.next('corpA', 1_700_000_000_000)).toBe(1_700_000_000_000);
  });

  it('gives one past the last one given out when atLeast is not higher', async () => {
    expect(await store().sendOrders.next('corpA', 100)).toBe(100);
    expect(await store().sendOrders.next('corpA', 100)).toBe(101);
    expect(await store().sendOrders.next('corpA', 50)).toBe(102);
    expect(await store().sendOrders.next('corpA', 102)).toBe(103);
  });

  it('jumps to atLeast when it is higher than one past the last', async () => {
    expect(await store().sendOrders.next('corpA', 100)).toBe(100);
    expect(await store().sendOrders.next('corpA', 500)).toBe(500);
    expect(await store().sendOrders.next('corpA', 0)).toBe(501);
  });

  it('counts each corp on its own', async () => {
    expect(await store().sendOrders.next('corpA', 100)).toBe(100);
    expect(await store().sendOrders.next('corpA', 100)).toBe(101);
    expect(await store().sendOrders.next('corpB', 100)).toBe(100);
    expect(await store().sendOrders.next('corpB', 7)).toBe(101);
    expect(await store().sendOrders.next('corpA', 7)).toBe(102);
  });

  it('gives distinct orders to concurrent calls', async () => {
    const orders = await Promise.all(Array.from({ length: 20 }, () => store().sendOrders.next('corpA', 1_000)));
    expect([...orders].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 1_000 + i));
  });

  it('gives calls of one turn, for several corps and minimums, orders increasing in the order they asked, each at least its minimum', async () => {
    expect(await store().sendOrders.next('corpA', 100)).toBe(100);
    const asked = [
      { corpId: 'corpA', atLeast: 50 },
      { corpId: 'corpB', atLeast: 10 },
      { corpId: 'corpA', atLeast: 500 },
      { corpId: 'corpA', atLeast: 0 },
      { corpId: 'corpB', atLeast: 5 },
    ];
    const orders = await Promise.all(asked.map(({ corpId, atLeast }) => store().sendOrders.next(corpId, atLeast)));
    asked.forEach(({ atLeast }, i) => expect(orders[i]).toBeGreaterThanOrEqual(atLeast));
    const [a1, b1, a2, a3, b2] = orders as [number, number, number, number, number];
    expect(a1).toBeGreaterThan(100);
    expect(a1 < a2 && a2 < a3).toBe(true);
    expect(b1).toBeLessThan(b2);
    expect(await store().sendOrders.next('corpA', 0)).toBe(a3 + 1);
    expect(await store().sendOrders.next('corpB', 0)).toBe(b2 + 1);
  });
});

describe(`store.sendOrders shared by stores on one ${BACKEND} database`, () => {
  const database = useSharedDatabase();

  it('gives distinct, increasing orders to concurrent calls from two stores', async () => {
    const [nodeA, nodeB] = [await database.open(), await database.open()];
    const orders = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? nodeA : nodeB).sendOrders.next('corpA', 1_000)));
    // Every call moved the one counter by one: 1000 … 1019 in some order.
    expect([...orders].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 1_000 + i));
    expect(await nodeA.sendOrders.next('corpA', 0)).toBe(1_020);
  });

  it('keeps the counter when the store is reopened', async () => {
    const before = await database.open();
    expect(await before.sendOrders.next('corpA', 300)).toBe(300);
    const after = await database.reopen(before);
    expect(await after.sendOrders.next('corpA', 0)).toBe(301);
  });
});
