import { defineConfig } from 'vitest/config';

/**
 * Every suite under test/ runs on SQLite and again on PostgreSQL, except these. An entry
 * says why the suite has nothing to check on PostgreSQL (or why running it twice is not
 * worth its time); a new suite runs on both unless it is added here with its reason.
 */
const SQLITE_ONLY = [
  // Pure units: no Dingo, no store.
  'test/clock.test.ts', // the offset clock and the month in China
  'test/liveEventAudience.test.ts', // who may see which live event
  'test/robotAdmission.test.ts', // which robot a grant may use
  'test/caches.test.ts', // the request path's caches, over fakes of the store
  'test/testRunReport.test.ts', // the check .ci/run makes of a vitest report
  'test/servedHosts.test.ts', // the hosts transparent mode serves
  'test/benchModules.test.ts', // the bench's limit server (its own SQLite file) and row selection
  'test/sqliteSynchronous.test.ts', // SQLite's own pragmas, PostgreSQL has none of them
  'test/passwordVerifications.test.ts', // the order sign-in password checks run in
  'test/processQueryKeys.test.ts', // the shape and order of message keys
  // SQLite's group commit against kill -9; PostgreSQL's own is checked by test/postgres/databaseLoss.test.ts.
  'test/sendDurability.test.ts',
  // The command line and the log format: `dingo` processes on an in-memory SQLite
  // (`--db sqlite::memory:`) or none; what they check is arguments, exit codes, the banner
  // and log lines, which no store changes.
  'test/config.test.ts',
  'test/logging.test.ts',
  // Chromium driving the web client: it reaches the store only through the HTTP API, which
  // the API suites check on PostgreSQL; these are the slowest suites of the run.
  'test/browser/**',
];

/** Suites about PostgreSQL itself (nodes starting together, losing the database): the postgres project only. */
const POSTGRES_ONLY_SUITES = 'test/postgres/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['test/**/*.test.ts', 'web/**/*.test.{ts,tsx}'], exclude: [POSTGRES_ONLY_SUITES] },
      },
      {
        extends: true,
        // The web client's own tests (web/) are renderer and client units: no server, no store.
        test: { name: 'postgres', include: ['test/**/*.test.ts'], exclude: SQLITE_ONLY, globalSetup: ['test/postgres/globalSetup.ts'] },
      },
    ],
  },
});
