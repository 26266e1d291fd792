import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config.js';
import { VERSION } from '../src/packageRoot.js';
import { openStore } from '../src/store/openStore.js';
import { loadServerKey } from '../src/secrets/serverKey.js';
import { runCli, serveCli } from './cliProcess.js';
import { TEST_DIRECTORY } from './directory.js';

const run = promisify(execFile);

/** readConfig's ConfigError, or a failure when it accepted the input. */
function configError(args: string[], env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    readConfig(args, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`readConfig accepted ${JSON.stringify(args)} ${JSON.stringify(env)}`);
}

let dir: string;
let goodSeed: string;
let badSeed: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dingo-config-'));
  goodSeed = join(dir, 'good.json');
  writeFileSync(goodSeed, JSON.stringify(TEST_DIRECTORY));
  badSeed = join(dir, 'bad.json');
  writeFileSync(badSeed, JSON.stringify({ corps: [{ corpId: 'c1', name: 'C1', apps: [{ appKey: 'k', name: 'K' }] }] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readConfig', () => {
  it('has the documented defaults', () => {
    expect(readConfig([], {})).toEqual({
      host: '127.0.0.1',
      port: 3000,
      db: { kind: 'sqlite', file: '.dingo/dingo.db' },
      seed: undefined,
      dev: false,
      flowLimit: 20,
      sessionWebhookLimit: 20,
      appQps: 0,
      monthlyQuota: 0,
      redeliveryMs: 60_000,
      callbackTimeoutMs: 5000,
      transparent: false,
      logLevel: 'info',
      logFormat: 'json',
      retentionDays: 90,
      sqliteSynchronous: 'normal',
      allowedHosts: [],
      trustProxy: false,
      timeouts: { requestMs: 60_000, headersMs: 10_000, keepAliveMs: 5000, idleMs: 120_000 },
      metrics: { kind: 'loopback' },
      liveStreamsPerUser: 8,
      streamConnectionsPerApp: 16,
      requestsPerIp: 256,
      blockRemoteImages: false,
    });
  });

  it('reads every setting from the environment', () => {
    const config = readConfig([], {
      DINGO_HOST: '0.0.0.0',
      DINGO_PORT: '8080',
      DINGO_DB: 'postgres://dingo:pw@db.example:5432/dingo',
      DINGO_SEED: goodSeed,
      DINGO_DEV: '1',
      DINGO_FLOW_LIMIT: '0',
      DINGO_APP_QPS: '20',
      DINGO_MONTHLY_QUOTA: '5000',
      DINGO_REDELIVERY_MS: '30000',
      DINGO_CALLBACK_TIMEOUT_MS: '2000',
      DINGO_LOG_LEVEL: 'warn',
      DINGO_LOG_FORMAT: 'json',
      DINGO_PUBLIC_URL: 'https://dingo.example.com/',
      DINGO_FILES_DIR: dir,
      DINGO_TRANSPARENT: 'off',
      DINGO_CA_DIR: join(dir, 'ca'),
      DINGO_RETENTION_DAYS: '30',
      DINGO_SQLITE_SYNCHRONOUS: 'full',
      DINGO_ALLOWED_HOSTS: 'Dingo.example.com, dingo.internal:8080',
      DINGO_TRUST_PROXY: 'yes',
      DINGO_REQUEST_TIMEOUT_MS: '30000',
      DINGO_HEADERS_TIMEOUT_MS: '5000',
      DINGO_KEEP_ALIVE_TIMEOUT_MS: '1000',
      DINGO_IDLE_TIMEOUT_MS: '60000',
      DINGO_METRICS: 'bearer:0123456789abcdef',
      DINGO_LIVE_STREAMS_PER_USER: '3',
      DINGO_STREAM_CONNECTIONS_PER_APP: '4',
      DINGO_REQUESTS_PER_IP: '0',
      DINGO_BLOCK_REMOTE_IMAGES: 'on',
      DINGO_SESSION_WEBHOOK_LIMIT: '0',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 8080,
      db: { kind: 'postgres', url: 'postgres://dingo:pw@db.example:5432/dingo' },
      seed: goodSeed,
      dev: true,
      flowLimit: 0,
      sessionWebhookLimit: 0,
      appQps: 20,
      monthlyQuota: 5000,
      redeliveryMs: 30_000,
      callbackTimeoutMs: 2000,
      publicUrl: 'https://dingo.example.com',
      filesDir: dir,
      transparent: false,
      caDir: join(dir, 'ca'),
      logLevel: 'warn',
      logFormat: 'json',
      retentionDays: 30,
      sqliteSynchronous: 'full',
      allowedHosts: ['dingo.example.com', 'dingo.internal:8080'],
      trustProxy: true,
      timeouts: { requestMs: 30_000, headersMs: 5000, keepAliveMs: 1000, idleMs: 60_000 },
      metrics: { kind: 'bearer', token: '0123456789abcdef' },
      liveStreamsPerUser: 3,
      streamConnectionsPerApp: 4,
      requestsPerIp: 0,
      blockRemoteImages: true,
    });
  });

  it('lets flags win over the environment', () => {
    const env = {
      DINGO_HOST: 'env-host',
      DINGO_PORT: '8080',
      DINGO_DB: 'sqlite:env.db',
      DINGO_FLOW_LIMIT: '5',
      DINGO_APP_QPS: '7',
      DINGO_MONTHLY_QUOTA: '9',
      DINGO_LOG_LEVEL: 'warn',
      DINGO_LOG_FORMAT: 'json',
    };
    const config = readConfig(
      ['--host', 'flag-host', '--port', '0', '--db', 'sqlite::memory:', '--flow-limit', '30', '--app-qps', '1', '--monthly-quota', '2', '--log-level', 'silent', '--log-format', 'pretty', '--dev'],
      env,
    );
    expect(config).toMatchObject({
      host: 'flag-host',
      port: 0,
      db: { kind: 'sqlite', file: ':memory:' },
      dev: true,
      flowLimit: 30,
      appQps: 1,
      monthlyQuota: 2,
      logLevel: 'silent',
      logFormat: 'pretty',
    });
  });

  it('treats an empty environment variable as unset', () => {
    expect(readConfig([], { DINGO_PORT: '', DINGO_DB: '' })).toMatchObject({ port: 3000, db: { kind: 'sqlite', file: '.dingo/dingo.db' } });
  });

  it('reads DINGO_DEV as a yes/no switch', () => {
    for (const yes of ['1', 'true', 'TRUE', 'yes', 'on']) expect(readConfig([], { DINGO_DEV: yes }).dev).toBe(true);
    for (const no of ['0', 'false', 'no', 'off']) expect(readConfig([], { DINGO_DEV: no }).dev).toBe(false);
    expect(configError([], { DINGO_DEV: 'maybe' }).message).toBe('DINGO_DEV must be one of 1, true, yes, on, 0, false, no, off, got "maybe"');
  });

  it('refuses a port out of range or not a number, naming the setting', () => {
    expect(configError(['--port', '70000']).message).toBe('--port must be a whole number from 0 to 65535, got "70000"');
    expect(configError(['--port', 'abc']).message).toBe('--port must be a whole number from 0 to 65535, got "abc"');
    expect(configError(['--port', '80.5']).message).toBe('--port must be a whole number from 0 to 65535, got "80.5"');
    expect(configError([], { DINGO_PORT: 'abc' }).message).toBe('DINGO_PORT must be a whole number from 0 to 65535, got "abc"');
  });

  it('refuses a database URL it cannot open, naming the setting', () => {
    expect(configError(['--db', 'mysql://x']).message).toBe(
      '--db must be sqlite:<file>, sqlite::memory: or postgres://user:password@host:port/database, got "mysql://x"',
    );
    expect(configError(['--db', 'sqlite:']).message).toBe('--db: "sqlite:" needs a file name, or ":memory:"');
    expect(configError([], { DINGO_DB: 'sqlite:' }).message).toBe('DINGO_DB: "sqlite:" needs a file name, or ":memory:"');
    expect(configError(['--db', 'postgres:///dingo']).message).toBe('--db: the PostgreSQL URL names no host');
  });

  it('never shows a database password in a message', () => {
    const message = configError(['--db', 'mysql://root:hunter2@db/x']).message;
    expect(message).toContain('"mysql://root:***@db/x"');
    expect(message).not.toContain('hunter2');
  });

  it('keeps everything in dev mode and 90 days otherwise unless --retention-days says, 0 keeping for ever', () => {
    expect(readConfig(['--dev'], {}).retentionDays).toBe(0);
    expect(readConfig(['--dev', '--retention-days', '7'], {}).retentionDays).toBe(7);
    expect(readConfig(['--retention-days', '0'], {}).retentionDays).toBe(0);
    expect(configError(['--retention-days=1.5']).message).toBe('--retention-days must be a whole number from 0 to 36500, got "1.5"');
    expect(configError([], { DINGO_RETENTION_DAYS: '36501' }).message).toBe('DINGO_RETENTION_DAYS must be a whole number from 0 to 36500, got "36501"');
  });

  it('takes normal or full for --sqlite-synchronous', () => {
    expect(readConfig(['--sqlite-synchronous', 'full'], {}).sqliteSynchronous).toBe('full');
    expect(configError(['--sqlite-synchronous', 'off']).message).toBe('--sqlite-synchronous must be one of normal, full, got "off"');
  });

  it('refuses a negative or fractional flow limit, QPS or quota, naming the setting', () => {
    expect(configError(['--flow-limit=-1']).message).toBe('--flow-limit must be a whole number from 0 to 1000000, got "-1"');
    // "--flow-limit -1" reads -1 as an option: Node's parser refuses it, naming the flag.
    expect(configError(['--flow-limit', '-1']).message).toContain("'--flow-limit");
    expect(configError([], { DINGO_FLOW_LIMIT: '-1' }).message).toBe('DINGO_FLOW_LIMIT must be a whole number from 0 to 1000000, got "-1"');
    expect(configError(['--app-qps', '1.5']).message).toBe('--app-qps must be a whole number from 0 to 1000000, got "1.5"');
    expect(configError([], { DINGO_MONTHLY_QUOTA: 'lots' }).message).toBe(
      'DINGO_MONTHLY_QUOTA must be a whole number from 0 to 1000000000, got "lots"',
    );
    expect(configError(['--redelivery-ms', '0']).message).toBe('--redelivery-ms must be a whole number from 1 to 86400000, got "0"');
    expect(configError([], { DINGO_REDELIVERY_MS: '1e4' }).message).toBe('DINGO_REDELIVERY_MS must be a whole number from 1 to 86400000, got "1e4"');
    expect(readConfig(['--redelivery-ms', '5000'], {}).redeliveryMs).toBe(5000);
    expect(configError(['--callback-timeout-ms', '0']).message).toBe('--callback-timeout-ms must be a whole number from 1 to 600000, got "0"');
    expect(readConfig(['--callback-timeout-ms', '250'], {}).callbackTimeoutMs).toBe(250);
  });

  it('refuses an unknown log level, naming the setting and the allowed ones', () => {
    expect(configError(['--log-level', 'loud']).message).toBe(
      '--log-level must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    );
    expect(configError([], { DINGO_LOG_LEVEL: 'loud' }).message).toBe(
      'DINGO_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    );
  });

  it('logs one readable line per event in dev mode and JSON lines otherwise, unless told which', () => {
    expect(readConfig(['--dev'], {}).logFormat).toBe('pretty');
    expect(readConfig([], { DINGO_DEV: '1' }).logFormat).toBe('pretty');
    expect(readConfig([], {}).logFormat).toBe('json');
    expect(readConfig(['--dev', '--log-format', 'json'], {}).logFormat).toBe('json');
    expect(readConfig([], { DINGO_LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('takes a public base URL without its trailing slash, and refuses anything but an http(s) base URL', () => {
    expect(readConfig([], {}).publicUrl).toBeUndefined();
    expect(readConfig(['--public-url', 'http://10.0.0.5:3000/dingo/'], {}).publicUrl).toBe('http://10.0.0.5:3000/dingo');
    for (const bad of ['dingo.example.com', 'ftp://dingo.example.com', 'https://dingo.example.com/?a=1', 'https://dingo.example.com/#top']) {
      expect(configError(['--public-url', bad]).message).toBe(
        `--public-url must be an http:// or https:// base URL such as https://dingo.example.com, got ${JSON.stringify(bad)}`,
      );
    }
  });

  it('takes a directory for file bytes, and refuses an empty name or an existing file', () => {
    expect(readConfig([], {}).filesDir).toBeUndefined();
    expect(readConfig(['--files-dir', join(dir, 'not-yet')], {}).filesDir).toBe(join(dir, 'not-yet'));
    expect(configError(['--files-dir', ' ']).message).toBe('--files-dir must name a directory, got " "');
    expect(configError([], { DINGO_FILES_DIR: goodSeed }).message).toBe(`DINGO_FILES_DIR: ${JSON.stringify(goodSeed)} exists and is not a directory`);
  });

  it('turns transparent mode on in dev mode by default, and lets the flag or DINGO_TRANSPARENT decide', () => {
    expect(readConfig([], {}).transparent).toBe(false);
    expect(readConfig(['--dev'], {}).transparent).toBe(true);
    expect(readConfig(['--dev', '--no-transparent'], {}).transparent).toBe(false);
    expect(readConfig(['--dev'], { DINGO_TRANSPARENT: '0' }).transparent).toBe(false);
    expect(readConfig(['--transparent'], {}).transparent).toBe(true);
    expect(readConfig(['--transparent'], { DINGO_TRANSPARENT: 'no' }).transparent).toBe(true);
    expect(readConfig([], { DINGO_TRANSPARENT: 'yes' }).transparent).toBe(true);
    expect(configError([], { DINGO_TRANSPARENT: 'maybe' }).message).toBe('DINGO_TRANSPARENT must be one of 1, true, yes, on, 0, false, no, off, got "maybe"');
  });

  it("takes a directory for transparent mode's CA, and refuses an existing file", () => {
    expect(readConfig(['--ca-dir', join(dir, 'ca')], {}).caDir).toBe(join(dir, 'ca'));
    expect(configError(['--ca-dir', goodSeed]).message).toBe(`--ca-dir: ${JSON.stringify(goodSeed)} exists and is not a directory`);
  });

  it('refuses a malformed allowed host, a header timeout longer than the request timeout, and a short or malformed metrics token', () => {
    expect(configError(['--allowed-hosts', 'ok.example,http://bad.example']).message).toBe(
      '--allowed-hosts must list host names separated by commas (e.g. dingo.example.com,dingo.internal:8080), got "http://bad.example"',
    );
    expect(configError(['--request-timeout-ms', '1000', '--headers-timeout-ms', '2000']).message).toBe(
      '--headers-timeout-ms (2000) must not be longer than --request-timeout-ms (1000)',
    );
    expect(readConfig(['--request-timeout-ms', '0', '--headers-timeout-ms', '2000'], {}).timeouts).toMatchObject({ requestMs: 0, headersMs: 2000 });
    expect(readConfig(['--metrics', 'off'], {}).metrics).toEqual({ kind: 'off' });
    const refusal = configError([], { DINGO_METRICS: 'bearer:short' }).message;
    expect(refusal).toBe('DINGO_METRICS must be off, loopback or bearer:<token> (a token of at least 16 printable characters), got "bearer:…"');
    expect(configError(['--metrics', 'open']).message).toContain('got "open"');
  });

  it('refuses an unknown log format, naming the setting and the allowed ones', () => {
    expect(configError(['--log-format', 'xml']).message).toBe('--log-format must be one of json, pretty, got "xml"');
    expect(configError([], { DINGO_LOG_FORMAT: 'xml' }).message).toBe('DINGO_LOG_FORMAT must be one of json, pretty, got "xml"');
  });

  it('refuses a seed file that does not exist, naming the setting and the file', () => {
    const missing = join(dir, 'missing.yaml');
    expect(configError(['--seed', missing]).message).toBe(`--seed: seed file ${JSON.stringify(missing)} does not exist`);
    expect(configError([], { DINGO_SEED: missing }).message).toBe(`DINGO_SEED: seed file ${JSON.stringify(missing)} does not exist`);
  });

  it('refuses an unknown flag, an empty host and stray arguments', () => {
    expect(configError(['--nope']).message).toContain("Unknown option '--nope'");
    expect(configError(['--host', ' ']).message).toBe('--host must not be empty');
    expect(configError(['serve']).message).toContain("'serve'");
  });
});

// Each of these spawns Node with tsx (a second or more each, several on a busy machine): run them side
// by side, with room to start.
describe.concurrent('the dingo CLI', { timeout: 90_000 }, () => {
  const cli = (args: string[]) => runCli(args);

  it('stops with exit code 2 and the message on stderr for an invalid port', async ({ expect }) => {
    const result = await cli(['serve', '--port', '70000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('dingo: --port must be a whole number from 0 to 65535, got "70000"\n');
  });

  it('stops with exit code 2 and the message on stderr for an unsupported database', async ({ expect }) => {
    const result = await cli(['serve', '--db', 'mysql://x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'dingo: --db must be sqlite:<file>, sqlite::memory: or postgres://user:password@host:port/database, got "mysql://x"\n',
    );
  });

  it('stops with exit code 1 and the seed error when serve is given a bad seed file', async ({ expect }) => {
    const result = await cli(['serve', '--port', '0', '--db', 'sqlite::memory:', '--seed', badSeed]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`dingo: ${badSeed}: corps[0].apps[0].appSecret: is required\n`);
  });

  it('stops with exit code 1 and a seed error, never a raw SQL error, when the seed uses an appKey another corp has in the database', async ({ expect }) => {
    const file = join(dir, 'squatted.db');
    const store = await openStore({ kind: 'sqlite', file }, loadServerKey({ kind: 'file', path: join(dir, 'secret.key') }));
    const squatter = { corpId: 'squatter', name: 'Squatter', users: [], robots: [], coolApps: [], privateChats: [] };
    await store.directory.apply({ corps: [{ ...squatter, apps: [{ appKey: 'appA', appSecret: 'x', name: 'Squat', permissions: [] }] }], suites: [] });
    await store.close();
    const result = await cli(['serve', '--port', '0', '--db', `sqlite:${file}`, '--seed', goodSeed]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`dingo: ${goodSeed}: corps[0].apps[0].appKey: appKey "appA" is already an app of corp squatter in the database\n`);
  });

  it('`seed check` accepts a good file with a summary', async ({ expect }) => {
    const result = await cli(['seed', 'check', goodSeed]);
    expect(result).toEqual({
      code: 0,
      stdout: `${goodSeed}: OK — 2 corps, 6 users, 4 apps, 1 suite, 3 person-to-person chats\n`,
      stderr: '',
    });
  });

  it('`seed check` counts a minimal YAML file, in the singular where it is one', async ({ expect }) => {
    const minimal = join(dir, 'minimal.yaml');
    writeFileSync(minimal, 'corps:\n  - corpId: c1\n    name: Only Corp\n');
    expect(await cli(['seed', 'check', minimal])).toEqual({
      code: 0,
      stdout: `${minimal}: OK — 1 corp, 0 users, 0 apps, 0 suites, 0 person-to-person chats\n`,
      stderr: '',
    });
  });

  it('`seed check` refuses a bad file with exit code 1 and the precise message', async ({ expect }) => {
    const result = await cli(['seed', 'check', badSeed]);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `dingo: ${badSeed}: corps[0].apps[0].appSecret: is required\n` });
  });

  it('`seed check` on a file that does not exist says so', async ({ expect }) => {
    const missing = join(dir, 'nope.json');
    const result = await cli(['seed', 'check', missing]);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `dingo: ${missing}: cannot be read (ENOENT)\n` });
  });

  it('prints the usage with exit code 2 for an unknown command', async ({ expect }) => {
    const result = await cli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Usage:\n {2}dingo serve /);
  });

  it('`serve` prints the banner with a working curl example and exits 0 on SIGTERM', async ({ expect }) => {
    const dingo = await serveCli(['--port', '0', '--db', 'sqlite::memory:', '--log-level', 'warn']);
    try {
      const url = dingo.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const stdout = await dingo.waitForStdout(/oToMessages\/batchSend .*\n/);
      expect(stdout).toMatch(/^\n─{78}\nDingo \d+\.\d+\.\d+ — DingTalk robot messaging API\n/);
      expect(stdout).toContain(`  Web client    ${url}/\n`);
      expect(stdout).toContain('  Store         sqlite::memory:\n');
      expect(stdout).toContain('  Directory     applied from demo\n');
      expect(stdout).toContain('  appKey     dingdemoapp\n');
      expect(stdout).toContain('  appSecret  demo-secret\n');
      expect(stdout).toContain(`curl -s -X POST ${url}/v1.0/robot/oToMessages/batchSend -H "x-acs-dingtalk-access-token: $TOKEN"`);

      // The banner's two commands, copied and pasted into a shell, get a token and send a message.
      const tokenLine = /^ {2}(TOKEN=\$\(.*\))$/m.exec(stdout)?.[1];
      const sendLine = /^ {2}(curl -s -X POST \S+\/batchSend .*)$/m.exec(stdout)?.[1];
      expect(tokenLine).toBeDefined();
      expect(sendLine).toBeDefined();
      const { stdout: sent } = await run('sh', ['-c', `${tokenLine}\necho "$TOKEN"\n${sendLine}`]);
      // The send's answer ends with a newline, so the shell's prompt starts on a line of its own.
      expect(sent).toMatch(/\n$/);
      const [token, answer] = sent.split('\n');
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.parse(answer as string)).toEqual({ processQueryKey: expect.any(String), invalidStaffIdList: [], flowControlledStaffIdList: [] });

      expect(await dingo.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(dingo.output().stderr).toBe('');
    } finally {
      await dingo.stop('SIGKILL');
    }
  });

  it('`serve` names no demo credentials when the directory comes from a seed file', async ({ expect }) => {
    const dingo = await serveCli(['--port', '0', '--db', 'sqlite::memory:', '--log-level', 'silent', '--seed', goodSeed]);
    try {
      expect(await dingo.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      const { stdout } = dingo.output();
      expect(stdout).toContain('  Directory     applied from seed file\n');
      expect(stdout).not.toContain('demo-secret');
      expect(stdout).not.toContain('curl');
    } finally {
      await dingo.stop('SIGKILL');
    }
  });

  it('`serve` on a port in use stops with exit code 1 and says it cannot listen', async ({ expect }) => {
    const first = await serveCli(['--port', '0', '--db', 'sqlite::memory:', '--log-level', 'silent']);
    try {
      const port = new URL(first.url).port;
      const result = await cli(['serve', '--port', port, '--db', 'sqlite::memory:', '--log-level', 'silent']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^dingo: cannot listen: listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port}\\n$`));
    } finally {
      await first.stop('SIGKILL');
    }
  });

  it('`serve --dev` prints the transparent-mode lines to paste, naming the CA that `dingo ca` names for the same settings', async ({ expect }) => {
    const caDir = join(dir, 'banner-ca');
    const dingo = await serveCli(['--port', '0', '--db', 'sqlite::memory:', '--log-level', 'silent', '--dev', '--ca-dir', caDir]);
    try {
      const stdout = await dingo.waitForStdout(/SSL_CERT_FILE=.*\n/);
      const caPath = join(caDir, 'dingo-ca.pem');
      expect(stdout).toContain(
        "Transparent mode: a bot that hard-codes DingTalk's hosts reaches this Dingo with these lines in its environment:\n" +
          `  HTTPS_PROXY=${dingo.url}\n  NODE_EXTRA_CA_CERTS=${caPath}\n  REQUESTS_CA_BUNDLE=${caPath}\n  SSL_CERT_FILE=${caPath}\n`,
      );
      expect(await runCli(['ca', '--db', 'sqlite::memory:', '--ca-dir', caDir])).toEqual({ code: 0, stdout: `${caPath}\n`, stderr: '' });
    } finally {
      await dingo.stop('SIGKILL');
    }
  });

  it('`dingo ca` keeps the CA next to an SQLite file, and asks for --ca-dir with an in-memory database', async ({ expect }) => {
    const db = join(dir, 'ca-next-to', 'dingo.db');
    expect(await runCli(['ca', '--db', `sqlite:${db}`])).toEqual({ code: 0, stdout: `${join(dir, 'ca-next-to', 'ca', 'dingo-ca.pem')}\n`, stderr: '' });
    const memory = await runCli(['ca', '--db', 'sqlite::memory:']);
    expect(memory.code).toBe(2);
    expect(memory.stderr).toContain('give --ca-dir');
  });

  it('`--version` prints the version of package.json', async ({ expect }) => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});
