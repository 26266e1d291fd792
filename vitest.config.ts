import { defineConfig } from 'vitest/config';

/** The API suites that drive a real Dingo through startTestDingo: they run on SQLite and again on PostgreSQL. */
const API_SUITES = [
  'test/tokens.test.ts',
  'test/wire.test.ts',
  'test/oneToOne.test.ts',
  'test/privateChat.test.ts',
  'test/groupChat.test.ts',
  'test/isolation.test.ts',
  'test/flowControl.test.ts',
  'test/platformLimits.test.ts',
  'test/events.test.ts',
  'test/webApi.test.ts',
  'test/requestSafety.test.ts',
  'test/controlPlane.test.ts',
  'test/readme.test.ts',
  'test/files.test.ts',
  'test/fileBytes.test.ts',
  'test/stream.test.ts',
  'test/sessionWebhook.test.ts',
  'test/conversations.test.ts',
  'test/callbacks.test.ts',
  'test/pushControl.test.ts',
  'test/devConsole.test.ts',
  'test/groupSay.test.ts',
  'test/userFiles.test.ts',
  'test/chatList.test.ts',
  'test/customRobots.test.ts',
  'test/legacyOapi.test.ts',
  'test/transparent.test.ts',
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
        test: { name: 'postgres', include: [...API_SUITES, POSTGRES_ONLY_SUITES], globalSetup: ['test/postgres/globalSetup.ts'] },
      },
    ],
  },
});
