import { describe, expect, it } from 'vitest';
import { BACKEND, FIXTURE_DIRECTORY, GROUP_A, useSharedDatabase, useStore } from './storeFixtures.js';

const message = { corpId: 'corpA', processQueryKey: 'k1', robotCode: 'appA', chatKind: 'oto', openConversationId: null, msgKey: 'sampleText', msgParam: '{}', createdAt: 1_000, sendOrder: 1_000_000, recipients: ['alice'] } as const;

describe(`store.transaction on ${BACKEND}`, () => {
  const store = useStore({ empty: true });

  it('commits the writes of every area together and returns what the work returned', async () => {
    const answer = await store().transaction(async (trx) => {
      await trx.directory.apply(FIXTURE_DIRECTORY);
      await trx.groups.apply('corpA', [GROUP_A]);
      await trx.messages.insert(message);
      await trx.webSessions.create({ corpId: 'corpA', sessionHash: 'h1', userId: 'alice', expiresAt: 5_000 });
      // Inside, the transaction reads its own writes.
      expect(await trx.messages.find('corpA', 'k1')).toMatchObject({ processQueryKey: 'k1' });
      return 42;
    });
    expect(answer).toBe(42);
    expect(await store().directory.findUser('corpA', 'alice')).toMatchObject({ name: 'Alice' });
    expect(await store().groups.findGroup('corpA', 'cidGroupA')).toEqual(GROUP_A);
    expect(await store().messages.find('corpA', 'k1')).toMatchObject({ processQueryKey: 'k1' });
    expect(await store().webSessions.findUser('corpA', 'h1', 0)).toMatchObject({ userId: 'alice' });
  });

  it('writes nothing of any area when the work throws, and rethrows', async () => {
    await expect(
      store().transaction(async (trx) => {
        await trx.directory.apply(FIXTURE_DIRECTORY);
        await trx.messages.insert(message);
        await trx.clockOffset.add(1_000);
        await trx.serverSecrets.ensure('key', 'rolled back');
        await trx.platformLimits.countApiCall('corpA', '2025-01', 1);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await store().directory.hasAnyCorp()).toBe(false);
    expect(await store().messages.find('corpA', 'k1')).toBeUndefined();
    expect(await store().clockOffset.read()).toBe(0);
    expect(await store().serverSecrets.ensure('key', 'after')).toBe('after');
    expect(await store().platformLimits.countApiCall('corpA', '2025-01', 1)).toBe(true);
  });

  it('writes nothing when a write fails half-way', async () => {
    await store().directory.apply(FIXTURE_DIRECTORY);
    await expect(
      store().transaction(async (trx) => {
        await trx.messages.insert(message);
        await trx.messages.insert({ ...message, recipients: ['bob'] }); // the same processQueryKey
      }),
    ).rejects.toThrow();
    expect(await store().messages.find('corpA', 'k1')).toBeUndefined();
    expect(await store().messages.markRead('corpA', 'k1', 'alice', 2_000)).toBe('no copy');
  });

  it('runs a nested transaction inside the outer one: both commit or roll back together', async () => {
    await expect(
      store().transaction(async (outer) => {
        await outer.transaction(async (inner) => inner.clockOffset.add(5_000));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await store().clockOffset.read()).toBe(0);
  });

  it('ping answers while the database is there', async () => {
    await expect(store().ping()).resolves.toBeUndefined();
  });
});

describe(`store.transaction and close on one ${BACKEND} database`, () => {
  const database = useSharedDatabase();

  it('shows another store nothing of a transaction until it commits', async () => {
    const [writer, reader] = [await database.open(), await database.open()];
    let commit!: () => void;
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    let written!: () => void;
    const wasWritten = new Promise<void>((resolve) => (written = resolve));
    const transaction = writer.transaction(async (trx) => {
      await trx.clockOffset.add(7_000);
      written();
      await mayCommit;
    });
    await wasWritten;
    expect(await reader.clockOffset.read()).toBe(0);
    commit();
    await transaction;
    expect(await reader.clockOffset.read()).toBe(7_000);
  });

  it('runs concurrent transactions side by side: each is committed when it resolves, and one that fails writes nothing of its own', async () => {
    const [writer, reader] = [await database.open(), await database.open()];
    const units = [0, 1, 2, 3, 4, 5];
    const seenWhenResolved = await Promise.allSettled(
      units.map(async (unit) => {
        await writer.transaction(async (trx) => {
          await trx.clockOffset.add(2 ** unit);
          if (unit === 3) throw new Error('unit 3 fails');
          await trx.clockOffset.add(2 ** (unit + 10));
        });
        return reader.clockOffset.read();
      }),
    );
    for (const unit of units) {
      const outcome = seenWhenResolved[unit];
      if (unit === 3) expect(outcome).toMatchObject({ status: 'rejected', reason: new Error('unit 3 fails') });
      else {
        expect(outcome?.status).toBe('fulfilled');
        const seen = (outcome as PromiseFulfilledResult<number>).value;
        expect(seen & (2 ** unit + 2 ** (unit + 10))).toBe(2 ** unit + 2 ** (unit + 10));
      }
    }
    const committed = units.filter((unit) => unit !== 3).reduce((sum, unit) => sum + 2 ** unit + 2 ** (unit + 10), 0);
    expect(await reader.clockOffset.read()).toBe(committed);
  });

  it('ping throws once the store is closed', async () => {
    const store = await database.open();
    const other = await database.reopen(store);
    await expect(store.ping()).rejects.toThrow();
    await expect(other.ping()).resolves.toBeUndefined();
  });
});
