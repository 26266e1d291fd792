import { describe, expect, it } from 'vitest';
import { BACKEND, useStore } from './storeFixtures.js';

const ALICE_OF_A = { corpId: 'corpA', userId: 'alice', name: 'Alice', passwordHash: 'hash-alice', isAdmin: true, mobile: '13800000001' };

describe(`store.webSessions on ${BACKEND}`, () => {
  const store = useStore();

  describe('create and findUser', () => {
    it('finds the user of a live session, and nothing from the moment it expires', async () => {
      await store().webSessions.create({ corpId: 'corpA', sessionHash: 'h1', userId: 'alice', expiresAt: 5_000 });
      expect(await store().webSessions.findUser('corpA', 'h1', 4_999)).toEqual(ALICE_OF_A);
      expect(await store().webSessions.findUser('corpA', 'h1', 5_000)).toBeUndefined();
    });

    it('finds nothing for an unknown session', async () => {
      expect(await store().webSessions.findUser('corpA', 'unknown', 0)).toBeUndefined();
    });

    it("keeps sessions under their corp: another corp's session with the same user id is not this one", async () => {
      await store().webSessions.create({ corpId: 'corpB', sessionHash: 'hB', userId: 'alice', expiresAt: 5_000 });
      expect(await store().webSessions.findUser('corpA', 'hB', 0)).toBeUndefined();
      expect(await store().webSessions.findUser('corpB', 'hB', 0)).toMatchObject({ corpId: 'corpB', userId: 'alice', name: 'Alice of B' });
    });

    it('refuses a second session with the same hash in one corp', async () => {
      await store().webSessions.create({ corpId: 'corpA', sessionHash: 'h1', userId: 'alice', expiresAt: 5_000 });
      await expect(store().webSessions.create({ corpId: 'corpA', sessionHash: 'h1', userId: 'bob', expiresAt: 5_000 })).rejects.toThrow();
      expect(await store().webSessions.findUser('corpA', 'h1', 0)).toMatchObject({ userId: 'alice' });
    });
  });

  describe('delete', () => {
    it("ends one session of the corp, leaving the user's other sessions and other corps' sessions", async () => {
      await store().webSessions.create({ corpId: 'corpA', sessionHash: 'h1', userId: 'alice', expiresAt: 5_000 });
      await store().webSessions.create({ corpId: 'corpA', sessionHash: 'h2', userId: 'alice', expiresAt: 5_000 });
      await store().webSessions.create({ corpId: 'corpB', sessionHash: 'h1', userId: 'alice', expiresAt: 5_000 });
      await store().webSessions.delete('corpA', 'h1');
      expect(await store().webSessions.findUser('corpA', 'h1', 0)).toBeUndefined();
      expect(await store().webSessions.findUser('corpA', 'h2', 0)).toMatchObject({ userId: 'alice' });
      expect(await store().webSessions.findUser('corpB', 'h1', 0)).toMatchObject({ corpId: 'corpB' });
    });
  });

  describe('purgeExpired', () => {
    it('deletes the sessions of every corp expired at `now`, and keeps the live ones', async () => {
      await store().webSessions.create({ corpId: 'corpA', sessionHash: 'h1', userId: 'alice', expiresAt: 5_000 });
      await store().webSessions.create({ corpId: 'corpB', sessionHash: 'h1', userId: 'alice', expiresAt: 4_000 });
      await store().webSessions.create({ corpId: 'corpA', sessionHash: 'h2', userId: 'bob', expiresAt: 5_001 });
      expect(await store().webSessions.purgeExpired(5_000, 10)).toBe(2);
      // Asked as of before their expiry, the purged sessions are gone, not merely expired.
      expect(await store().webSessions.findUser('corpA', 'h1', 0)).toBeUndefined();
      expect(await store().webSessions.findUser('corpB', 'h1', 0)).toBeUndefined();
      expect(await store().webSessions.findUser('corpA', 'h2', 5_000)).toMatchObject({ userId: 'bob' });
      expect(await store().webSessions.purgeExpired(5_000, 10)).toBe(0);
    });

    it('deletes at most `limit` sessions a call', async () => {
      for (const hash of ['h1', 'h2', 'h3']) await store().webSessions.create({ corpId: 'corpA', sessionHash: hash, userId: 'alice', expiresAt: 1_000 });
      expect(await store().webSessions.purgeExpired(1_000, 2)).toBe(2);
      expect(await store().webSessions.purgeExpired(1_000, 2)).toBe(1);
    });
  });
});
