import { describe, expect, it } from 'vitest';
import { BACKEND, useSharedDatabase, useStore } from './storeFixtures.js';

describe(`store.clockOffset on ${BACKEND}`, () => {
  const store = useStore({ empty: true });

  it('reads 0 when the clock was never moved', async () => {
    expect(await store().clockOffset.read()).toBe(0);
  });

  it('adds cumulatively, forwards and back, and returns the new offset', async () => {
    expect(await store().clockOffset.add(60_000)).toBe(60_000);
    expect(await store().clockOffset.add(3_600_000)).toBe(3_660_000);
    expect(await store().clockOffset.add(-660_000)).toBe(3_000_000);
    expect(await store().clockOffset.read()).toBe(3_000_000);
  });

  it('holds offsets beyond 32 bits (a year is 3.15e10 ms)', async () => {
    const year = 365 * 24 * 3_600_000;
    expect(await store().clockOffset.add(year)).toBe(year);
    expect(await store().clockOffset.read()).toBe(year);
  });
});

describe(`store.clockOffset shared by stores on one ${BACKEND} database`, () => {
  const database = useSharedDatabase();

  it('keeps the offset when the store is reopened', async () => {
    const before = await database.open();
    await before.clockOffset.add(86_400_000);
    const after = await database.reopen(before);
    expect(await after.clockOffset.read()).toBe(86_400_000);
  });

  it('adds atomically: concurrent adds from two stores all count', async () => {
    const [nodeA, nodeB] = [await database.open(), await database.open()];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? nodeA : nodeB).clockOffset.add(1_000)));
    // Each add saw its own step: the results are 1000, 2000, … 20000 in some order.
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 1_000));
    expect(await nodeA.clockOffset.read()).toBe(20_000);
    expect(await nodeB.clockOffset.read()).toBe(20_000);
  });
});
