import { createRequire } from 'node:module';
import { Config } from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import type { OffsetClock } from '../src/clock.js';
import type { DingoConfig } from '../src/config.js';
import type { Dingo } from '../src/dingo.js';

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

/** Dev mode, a free port, silent logs; `startTestDingo` gives each server its own database. */
export const TEST_CONFIG: DingoConfig = {
  host: '127.0.0.1',
  port: 0,
  db: { kind: 'sqlite', file: ':memory:' },
  seed: undefined,
  dev: true,
  flowLimit: 20,
  sessionWebhookLimit: 20,
  appQps: 0,
  monthlyQuota: 0,
  redeliveryMs: 60_000,
  callbackTimeoutMs: 5000,
  publicUrl: undefined,
  filesDir: undefined,
  transparent: false,
  caDir: undefined,
  secretKeyFile: undefined,
  secretKey: undefined,
  logLevel: 'silent',
  logFormat: 'json',
  retentionDays: 0,
  sqliteSynchronous: 'normal',
  allowedHosts: [],
  trustProxy: false,
  timeouts: { requestMs: 60_000, headersMs: 10_000, keepAliveMs: 5000, idleMs: 120_000 },
  metrics: { kind: 'loopback' },
  liveStreamsPerUser: 8,
  streamConnectionsPerApp: 16,
  requestsPerIp: 256,
  blockRemoteImages: false,
};

/** Points the official SDK clients, and a raw HTTP helper, at a running Dingo. This needs no test runner. */
export function withSdk(dingo: Dingo, clock: OffsetClock): TestDingo {
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
