import { describe, expect, it } from 'vitest';
import type { FailedAttemptStore } from '../../src/store/failedAttemptStore.js';
import { BACKEND, useSharedDatabase, useStore } from './storeFixtures.js';

const WINDOW = { ms: 600_000, limit: 3 };
const T0 = 1_700_000_000_000;
const appA = { kind: 'appKey', subject: 'digest-of-appA' };
const appB = { kind: 'appKey', subject: 'digest-of-appB' };

let attempts = 0;
/** Takes a place for a new attempt of `subject` at `now`. */
const take = (store: FailedAttemptStore, subject: { kind: string; subject: string }, now = T0, window = WINDOW) =>
  store.takePlace({ ...subject, attemptId: `attempt-${++attempts}` }, now, window);

describe(`store.failedAttempts on ${BACKEND}`, () => {
  const store = useStore({ empty: true });

  it('takes places up to the limit, saying how many were counted before, then refuses without counting', async () => {
    const failed = store().failedAttempts;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await take(failed, appA));
    expect(answers).toEqual([{ countedBefore: 0 }, { countedBefore: 1 }, { countedBefore: 2 }, undefined, undefined]);
    // The refusals counted nothing: a higher limit allows exactly one more.
    expect(await take(failed, appA, T0, { ...WINDOW, limit: 4 })).toEqual({ countedBefore: 3 });
    expect(await take(failed, appA, T0, { ...WINDOW, limit: 4 })).toBeUndefined();
  });

  it('counts each kind and subject apart', async () => {
    const failed = store().failedAttempts;
    for (let i = 0; i < 3; i++) await take(failed, appA);
    expect(await take(failed, appA)).toBeUndefined();
    expect(await take(failed, appB)).toEqual({ countedBefore: 0 });
    expect(await take(failed, { kind: 'suiteKey', subject: appA.subject })).toEqual({ countedBefore: 0 });
  });

  it('counts only the attempts of the window: one that is `window.ms` old has left it', async () => {
    const failed = store().failedAttempts;
    await take(failed, appA, T0);
    await take(failed, appA, T0 + 1000);
    await take(failed, appA, T0 + 2000);
    expect(await take(failed, appA, T0 + WINDOW.ms - 1)).toBeUndefined();
    expect(await take(failed, appA, T0 + WINDOW.ms)).toEqual({ countedBefore: 2 });
  });

  it('gives the place of a successful attempt back', async () => {
    const failed = store().failedAttempts;
    await take(failed, appA);
    await take(failed, appA);
    expect(await failed.takePlace({ ...appA, attemptId: 'good' }, T0, WINDOW)).toEqual({ countedBefore: 2 });
    await failed.givePlaceBack('good');
    expect(await take(failed, appA)).toEqual({ countedBefore: 2 });
  });

  it('removes the attempts that left the window, of every subject, as attempts come', async () => {
    const failed = store().failedAttempts;
    await failed.takePlace({ ...appA, attemptId: 'old' }, T0, WINDOW);
    await take(failed, appB, T0 + WINDOW.ms);
    // Gone, not merely outside the window: the old attempt no longer counts even for a longer window.
    expect(await take(failed, appA, T0 + WINDOW.ms, { ms: 10 * WINDOW.ms, limit: 3 })).toEqual({ countedBefore: 0 });
  });

  it('keeps only the newest rows when asked, of all subjects', async () => {
    const failed = store().failedAttempts;
    await take(failed, appA, T0);
    await take(failed, appA, T0 + 1);
    await take(failed, appB, T0 + 2);
    await take(failed, appA, T0 + 3);
    await failed.keepNewest(2);
    expect(await take(failed, appA, T0 + 4)).toEqual({ countedBefore: 1 });
    expect(await take(failed, appB, T0 + 4)).toEqual({ countedBefore: 1 });
    await failed.keepNewest(0);
    expect(await take(failed, appA, T0 + 5)).toEqual({ countedBefore: 0 });
  });

  it('forgets every attempt', async () => {
    const failed = store().failedAttempts;
    for (let i = 0; i < 3; i++) await take(failed, appA);
    await take(failed, appB);
    await failed.deleteAll();
    expect(await take(failed, appA)).toEqual({ countedBefore: 0 });
    expect(await take(failed, appB)).toEqual({ countedBefore: 0 });
  });
});

describe(`store.failedAttempts shared by two stores on one ${BACKEND} database`, () => {
  const database = useSharedDatabase();
  const window = { ms: WINDOW.ms, limit: 10 };

  it('counts the attempts of both stores in one window', async () => {
    const [nodeA, nodeB] = [await database.open(), await database.open()];
    for (let i = 0; i < 10; i++) expect(await take((i % 2 === 0 ? nodeA : nodeB).failedAttempts, appA, T0, window)).toEqual({ countedBefore: i });
    expect(await take(nodeA.failedAttempts, appA, T0, window)).toBeUndefined();
    expect(await take(nodeB.failedAttempts, appA, T0, window)).toBeUndefined();
    expect(await take(nodeB.failedAttempts, appB, T0, window)).toEqual({ countedBefore: 0 });
  });

  it('gives exactly `limit` of many racing attempts of one subject a place', async () => {
    const node = await database.open();
    const answers = await Promise.all(Array.from({ length: 30 }, () => take(node.failedAttempts, appA, T0, window)));
    expect(answers.filter((answer) => answer !== undefined)).toHaveLength(10);
  });

  // Racing transactions of two stores need two connections that wait for each other: PostgreSQL's. Two SQLite
  // stores in one process block each other's event loop (SQLite serves one process per database file: docs/behaviour.md, Several nodes).
  if (BACKEND === 'PostgreSQL') {
    it('gives exactly `limit` of many racing attempts of one subject from two stores a place', async () => {
      const [nodeA, nodeB] = [await database.open(), await database.open()];
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => take((i % 2 === 0 ? nodeA : nodeB).failedAttempts, appA, T0, window)));
      expect(answers.filter((answer) => answer !== undefined)).toHaveLength(10);
    });
  }
});
