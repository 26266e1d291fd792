import { describe, expect, it } from 'vitest';
import { BACKEND, useSharedDatabase, useStore } from './storeFixtures.js';

describe(`store.platformLimits on ${BACKEND}`, () => {
  const store = useStore();

  describe('countApiCall', () => {
    it('counts calls up to the limit, then refuses without counting', async () => {
      const limits = store().platformLimits;
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await limits.countApiCall('corpA', '2025-01', 3));
      expect(answers).toEqual([true, true, true, false, false]);
      // Nothing was counted by the refusals: a higher limit allows exactly the difference.
      expect(await limits.countApiCall('corpA', '2025-01', 4)).toBe(true);
      expect(await limits.countApiCall('corpA', '2025-01', 4)).toBe(false);
    });

    it('counts each corp and each month apart', async () => {
      const limits = store().platformLimits;
      expect(await limits.countApiCall('corpA', '2025-01', 1)).toBe(true);
      expect(await limits.countApiCall('corpA', '2025-01', 1)).toBe(false);
      expect(await limits.countApiCall('corpB', '2025-01', 1)).toBe(true);
      expect(await limits.countApiCall('corpA', '2025-02', 1)).toBe(true);
    });

    it('refuses every call under a limit of 0', async () => {
      expect(await store().platformLimits.countApiCall('corpA', '2025-01', 0)).toBe(false);
    });
  });

  describe('deleteApiCallCounts', () => {
    it('forgets the calls of every corp and month', async () => {
      const limits = store().platformLimits;
      await limits.countApiCall('corpA', '2025-01', 1);
      await limits.countApiCall('corpB', '2025-02', 1);
      await limits.deleteApiCallCounts();
      expect(await limits.countApiCall('corpA', '2025-01', 1)).toBe(true);
      expect(await limits.countApiCall('corpB', '2025-02', 1)).toBe(true);
    });
  });

  describe('purgeQpsPlacesBefore', () => {
    const window = { ms: 1_000, limit: 2 };
    it('clears the places taken before the cutoff in every window, and keeps newer places counting', async () => {
      const limits = store().platformLimits;
      const read = { corpId: 'corpA', appKey: 'appA', api: 'read' };
      const longWindow = { ms: 10_000, limit: 2 };
      await limits.takeQpsPlace({ corpId: 'corpA', appKey: 'appA', api: 'send' }, 1_000, window);
      await limits.takeQpsPlace({ corpId: 'corpB', appKey: 'appB', api: 'send' }, 1_000, window);
      await limits.takeQpsPlace(read, 1_000, longWindow);
      await limits.takeQpsPlace(read, 4_500, longWindow);
      expect(await limits.purgeQpsPlacesBefore(4_000, 10)).toBe(3);
      expect(await limits.purgeQpsPlacesBefore(4_000, 10)).toBe(0);
      // Of the read window's two places the one at 1 000 went and the one at 4 500 still counts: one more fits, then none.
      expect(await limits.takeQpsPlace(read, 5_000, longWindow)).toBe(true);
      expect(await limits.takeQpsPlace(read, 5_000, longWindow)).toBe(false);
    });

    it('clears at most `limit` windows a call', async () => {
      for (const api of ['a', 'b', 'c']) await store().platformLimits.takeQpsPlace({ corpId: 'corpA', appKey: 'appA', api }, 1_000, window);
      expect(await store().platformLimits.purgeQpsPlacesBefore(5_000, 2)).toBe(2);
      expect(await store().platformLimits.purgeQpsPlacesBefore(5_000, 2)).toBe(1);
    });
  });
});

describe(`store.platformLimits shared by two stores on one ${BACKEND} database`, () => {
  const database = useSharedDatabase();

  it('lets exactly `limit` of many concurrent calls from two stores through', async () => {
    const [nodeA, nodeB] = [await database.open(), await database.open()];
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? nodeA : nodeB).platformLimits.countApiCall('corpA', '2025-01', 12)));
    expect(answers.filter(Boolean)).toHaveLength(12);
  });
});
