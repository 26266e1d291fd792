import { describe, expect, it } from 'vitest';
import type { TokenIssue } from '../../src/store/accessTokenStore.js';
import { BACKEND, FIXTURE_DIRECTORY, useSharedDatabase, useStore } from './storeFixtures.js';

const issueOf = (overrides: Partial<TokenIssue>): TokenIssue => ({
  corpId: 'corpA',
  appKey: 'appA',
  appKind: 'internal',
  candidate: 'token-1',
  now: 1_000,
  expiresAt: 8_200_000,
  ...overrides,
});

describe(`store.tokens on ${BACKEND}`, () => {
  const store = useStore();

  describe('issue', () => {
    it('stores the candidate when the app has no token yet', async () => {
      expect(await store().tokens.issue(issueOf({ candidate: 'first' }))).toBe('first');
      expect(await store().tokens.findGrant('first')).toEqual({
        corpId: 'corpA',
        appKey: 'appA',
        appKind: 'internal',
        expiresAt: 8_200_000,
        permissions: ['qyapi_robot_sendmsg'],
      });
    });

    it('returns the live token with its expiry moved, ignoring the candidate', async () => {
      await store().tokens.issue(issueOf({ candidate: 'first', now: 1_000, expiresAt: 10_000 }));
      expect(await store().tokens.issue(issueOf({ candidate: 'second', now: 5_000, expiresAt: 20_000 }))).toBe('first');
      expect(await store().tokens.findGrant('first')).toMatchObject({ expiresAt: 20_000 });
      expect(await store().tokens.findGrant('second')).toBeUndefined();
    });

    it('replaces a token that expired at `now` with the candidate', async () => {
      await store().tokens.issue(issueOf({ candidate: 'first', now: 1_000, expiresAt: 10_000 }));
      // Expiring exactly at `now` is expired.
      expect(await store().tokens.issue(issueOf({ candidate: 'second', now: 10_000, expiresAt: 30_000 }))).toBe('second');
      expect(await store().tokens.findGrant('first')).toBeUndefined();
      expect(await store().tokens.findGrant('second')).toMatchObject({ expiresAt: 30_000 });
    });

    it('keeps one token per (corp, app): other apps and corps get their own', async () => {
      const a = await store().tokens.issue(issueOf({ candidate: 'tA' }));
      const mute = await store().tokens.issue(issueOf({ appKey: 'appMute', candidate: 'tMute' }));
      const suiteA = await store().tokens.issue(issueOf({ appKey: 'suiteS', appKind: 'suite', candidate: 'tSuiteA' }));
      const suiteB = await store().tokens.issue(issueOf({ corpId: 'corpB', appKey: 'suiteS', appKind: 'suite', candidate: 'tSuiteB' }));
      expect([a, mute, suiteA, suiteB]).toEqual(['tA', 'tMute', 'tSuiteA', 'tSuiteB']);
      expect(await store().tokens.findGrant('tSuiteB')).toEqual({
        corpId: 'corpB',
        appKey: 'suiteS',
        appKind: 'suite',
        expiresAt: 8_200_000,
        permissions: ['qyapi_robot_sendmsg'],
      });
      expect(await store().tokens.findGrant('tMute')).toMatchObject({ appKey: 'appMute', permissions: [] });
    });
  });

  describe('findGrant', () => {
    it('answers whatever the expiry: the caller compares', async () => {
      await store().tokens.issue(issueOf({ candidate: 'old', now: 1_000, expiresAt: 2_000 }));
      expect(await store().tokens.findGrant('old')).toMatchObject({ corpId: 'corpA', expiresAt: 2_000 });
    });

    it('knows no token it did not issue', async () => {
      expect(await store().tokens.findGrant('never-issued')).toBeUndefined();
    });

    it('grants nothing once the suite is no longer authorised in the corp', async () => {
      await store().tokens.issue(issueOf({ corpId: 'corpB', appKey: 'suiteS', appKind: 'suite', candidate: 'tSuiteB' }));
      await store().directory.apply({ corps: [], suites: [{ ...FIXTURE_DIRECTORY.suites[0]!, authorizedCorps: ['corpA'] }] });
      expect(await store().tokens.findGrant('tSuiteB')).toBeUndefined();
    });
  });

  describe('purgeExpired', () => {
    it('deletes the tokens of every corp expired at `now`, and keeps the live ones', async () => {
      await store().tokens.issue(issueOf({ candidate: 'old-a', expiresAt: 5_000 }));
      await store().tokens.issue(issueOf({ corpId: 'corpB', appKey: 'appB', candidate: 'old-b', expiresAt: 4_000 }));
      await store().tokens.issue(issueOf({ appKey: 'appMute', candidate: 'live', expiresAt: 5_001 }));
      expect(await store().tokens.purgeExpired(5_000, 10)).toBe(2);
      expect(await store().tokens.findGrant('old-a')).toBeUndefined();
      expect(await store().tokens.findGrant('old-b')).toBeUndefined();
      expect(await store().tokens.findGrant('live')).toMatchObject({ appKey: 'appMute', expiresAt: 5_001 });
      // The app's next token is the candidate, as after any expiry.
      expect(await store().tokens.issue(issueOf({ candidate: 'next', now: 5_000, expiresAt: 20_000 }))).toBe('next');
      expect(await store().tokens.purgeExpired(5_000, 10)).toBe(0);
    });
  });
});

describe(`store.tokens shared by two stores on one ${BACKEND} database`, () => {
  const database = useSharedDatabase();

  it('gives concurrent issues of one app the same token', async () => {
    const [nodeA, nodeB] = [await database.open(), await database.open()];
    await nodeA.directory.apply(FIXTURE_DIRECTORY);
    const issued = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? nodeA : nodeB).tokens.issue(issueOf({ candidate: `candidate-${i}` }))),
    );
    expect(new Set(issued).size).toBe(1);
    expect(await nodeB.tokens.findGrant(issued[0]!)).toMatchObject({ corpId: 'corpA', appKey: 'appA' });
  });
});
