import { describe, expect, it } from 'vitest';
import { BACKEND, useSharedDatabase, useStore } from './storeFixtures.js';

describe(`store.serverSecrets on ${BACKEND}`, () => {
  const store = useStore({ empty: true });

  it('stores the candidate when there is no secret yet, and keeps it over later candidates', async () => {
    expect(await store().serverSecrets.ensure('nextTokenKey', 'first')).toBe('first');
    expect(await store().serverSecrets.ensure('nextTokenKey', 'second')).toBe('first');
  });

  it('keeps each name apart', async () => {
    expect(await store().serverSecrets.ensure('one', 'a')).toBe('a');
    expect(await store().serverSecrets.ensure('two', 'b')).toBe('b');
    expect(await store().serverSecrets.ensure('one', 'c')).toBe('a');
  });
});

describe(`store.serverSecrets shared by stores on one ${BACKEND} database`, () => {
  const database = useSharedDatabase();

  it('gives every store the same secret, also when they ask at once, and after a restart', async () => {
    const [nodeA, nodeB] = [await database.open(), await database.open()];
    const secrets = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? nodeA : nodeB).serverSecrets.ensure('key', `candidate-${i}`)));
    expect(new Set(secrets).size).toBe(1);
    const restarted = await database.reopen(nodeA);
    expect(await restarted.serverSecrets.ensure('key', 'after restart')).toBe(secrets[0]);
  });
});
