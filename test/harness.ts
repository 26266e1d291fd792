import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Config } from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import pg from 'pg';
import { inject } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import type { DatabaseLocation, DingoConfig } from '../src/config.js';
import { startDingo, type Dingo } from '../src/dingo.js';
import type { SeedFile } from '../src/domain/seed.js';
import { TEST_DIRECTORY } from './directory.js';

// The official SDK is CommonJS whose entry files carry no typings: load it as Node does, typed from its dist.
const require = createRequire(import.meta.url);
export const robotSdk = require('@alicloud/dingtalk/robot_1_0') as typeof import('@alicloud/dingtalk/dist/robot_1_0/client.js');
export const oauthSdk = require('@alicloud/dingtalk/oauth2_1_0') as typeof import('@alicloud/dingtalk/dist/oauth2_1_0/client.js');
/** The SDK's request and response types, e.g. `Partial<RobotSdk.BatchSendOTORequest>`. */
export type * as RobotSdk from '@alicloud/dingtalk/dist/robot_1_0/client.js';
/** The last argument of the SDK's `…WithOptions` calls. */
export const runtime = new RuntimeOptions({});

/** A real Dingo on a free port, with official SDK clients pointed at it. */
export interface TestDingo extends Dingo {
  clock: OffsetClock;
  robot: InstanceType<typeof robotSdk.default>;
  oauth: InstanceType<typeof oauthSdk.default>;
  /** An access token of an internal app, through the official SDK. */
  appToken(appKey: string, appSecret: string): Promise<string>;
  /** Raw HTTP against the server, for what the SDK cannot send. */
  http(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<{ status: number; headers: Headers; body: any }>;
}

export const TEST_CONFIG: DingoConfig = {
  host: '127.0.0.1',
  port: 0,
  db: { kind: 'sqlite', file: ':memory:' },
  seed: undefined,
  dev: true,
  flowLimit: 20,
  appQps: 0,
  monthlyQuota: 0,
  logLevel: 'silent',
};

/** `clock`: the clock to run on, e.g. `new OffsetClock(() => fixedTime)` for a clock that moves only when advanced. */
export async function startTestDingo(
  overrides: Partial<DingoConfig> = {},
  seedData: SeedFile = TEST_DIRECTORY,
  clock: OffsetClock = new OffsetClock(),
): Promise<TestDingo> {
  const dingo = await startDingo({ ...TEST_CONFIG, db: await newTestDatabase(), ...overrides }, { seedData, clock });
  const sdkConfig = new Config({ protocol: 'http', endpoint: new URL(dingo.url).host });
  const oauth = new oauthSdk.default(sdkConfig);
  return {
    ...dingo,
    clock,
    robot: new robotSdk.default(sdkConfig),
    oauth,
    async appToken(appKey, appSecret) {
      const response = await oauth.getAccessToken(new oauthSdk.GetAccessTokenRequest({ appKey, appSecret }));
      return response.body?.accessToken ?? '';
    },
    async http(path, { token, json, headers, ...init } = {}) {
      const response = await fetch(`${dingo.url}${path}`, {
        ...init,
        headers: {
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token === undefined ? {} : { 'x-acs-dingtalk-access-token': token }),
          ...(headers as Record<string, string> | undefined),
        },
        body: json === undefined ? init.body : JSON.stringify(json),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body };
    },
  };
}

/**
 * A fresh, empty database for one test server: in-memory SQLite, or, in the
 * `postgres` test project, a new database on the PostgreSQL its global setup started.
 */
export async function newTestDatabase(): Promise<DatabaseLocation> {
  const server = inject('postgresServer');
  if (server === undefined) return { kind: 'sqlite', file: ':memory:' };
  const name = `dingo_test_${randomBytes(8).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return { kind: 'postgres', url: `${server}/${name}` };
}

/** The SDK error's code and HTTP status, or a failure when the call succeeded. */
export async function sdkError(call: Promise<unknown>): Promise<{ code: string; statusCode: number; message: string; data: any }> {
  try {
    await call;
  } catch (error) {
    const e = error as { code: string; statusCode: number; message: string; data: unknown };
    return { code: e.code, statusCode: e.statusCode, message: e.message, data: e.data };
  }
  throw new Error('expected the SDK call to fail, but it succeeded');
}
