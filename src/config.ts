import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** Where the data lives: an SQLite file, an in-memory SQLite, or PostgreSQL. */
export type DatabaseLocation =
  | { kind: 'sqlite'; file: string } // file ':memory:' is the in-memory store
  | { kind: 'postgres'; url: string };

export interface DingoConfig {
  host: string;
  port: number;
  db: DatabaseLocation;
  /** The seed file applied at every start, if any. */
  seed: string | undefined;
  /** Dev mode: the `/_dingo` control plane, the user switcher and deep links. */
  dev: boolean;
  /** Messages per robot per user per rolling minute; 0 disables flow control. */
  flowLimit: number;
  /** Robot messages per chat per rolling minute through a sessionWebhook (errcode 130101 beyond); 0 disables the limit. */
  sessionWebhookLimit: number;
  /** Calls per app per API per rolling second; 0 disables the limit. */
  appQps: number;
  /** Calls per corp per calendar month (UTC+8); 0 disables the quota. */
  monthlyQuota: number;
  /** A push to a bot not acked within this many ms (on Dingo's clock) is pushed again. */
  redeliveryMs: number;
  /** How long Dingo waits for a bot's HTTP callback to answer (real time) before it counts as failed. */
  callbackTimeoutMs: number;
  logLevel: LogLevel;
  /**
   * The base URL Dingo hands out in URLs (Stream endpoints, session webhooks, download links),
   * e.g. `https://dingo.example.com`; undefined: its own listening address. Never the request's Host.
   */
  publicUrl: string | undefined;
  /**
   * Where the bytes of stored files go (`/media/upload`, users' pictures and files); undefined:
   * `files/` next to an SQLite database, or inside a PostgreSQL database.
   */
  filesDir: string | undefined;
  /**
   * Transparent mode: Dingo answers as an HTTPS proxy for DingTalk's own hosts (api.dingtalk.com,
   * oapi.dingtalk.com, api.dingtalk.io) with its own CA. On by default in dev mode only.
   */
  transparent: boolean;
  /** Where transparent mode's CA lives; undefined: next to the SQLite file (or see `caDirectoryOf`). */
  caDir: string | undefined;
  /**
   * The file holding the server key (256 bits, base64), created with mode 0600 when missing; undefined:
   * `secret.key` next to the SQLite file, `.dingo/secret.key` with PostgreSQL (docs/deployment.md, The server key).
   */
  secretKeyFile: string | undefined;
  /** The server key itself, base64 (`DINGO_SECRET_KEY`, no flag: a flag shows in the process list); wins over the file. */
  secretKey: string | undefined;
  /** `pretty`: one line a human reads per event (the default in dev mode); `json`: one JSON object per line, for log shippers. */
  logFormat: LogFormat;
  /**
   * Messages, users' messages, files and delivery logs older than this many days (on Dingo's clock) are purged
   * in the background; 0 keeps them for ever (the default in dev mode; 90 otherwise). Expired credentials are
   * purged whatever it says (docs/behaviour.md, Retention).
   */
  retentionDays: number;
  /**
   * SQLite's `synchronous` with its write-ahead log: `normal` (a committed transaction survives a killed process,
   * a power loss may lose the last ones) or `full` (they survive a power loss too, at the cost of an fsync per
   * commit). See docs/deployment.md, Durability and crash safety. PostgreSQL ignores it.
   */
  sqliteSynchronous: SqliteSynchronous;
  /**
   * Host names (optionally `name:port`) a request's `Host` may name besides the public URL's host, the
   * configured `host` and, in dev mode, the loopback names (docs/behaviour.md, Hosts and origins).
   */
  allowedHosts: string[];
  /** Behind a reverse proxy: the Host check reads `X-Forwarded-Host` when the proxy sets it. */
  trustProxy: boolean;
  /** Node's HTTP timeouts in ms (docs/behaviour.md, Slow and hostile clients); 0 turns one off. */
  timeouts: HttpTimeouts;
  /** Who may read `/metrics`: nobody, loopback clients (the default), or holders of a bearer token. */
  metrics: MetricsAccess;
  /** Live event streams (`/api/events`) one user may hold open at once. */
  liveStreamsPerUser: number;
  /** Stream mode sockets one app (clientId) may hold open at once. */
  streamConnectionsPerApp: number;
  /** Requests one client address may have in progress at once; 0: no cap. */
  requestsPerIp: number;
  /** The web client loads no image from another site (tracking pixels): its CSP allows only Dingo's own. */
  blockRemoteImages: boolean;
}

export interface HttpTimeouts {
  /** The whole request, headers and body, must arrive within this. */
  requestMs: number;
  /** The headers must arrive within this. */
  headersMs: number;
  /** A kept-alive connection with no request is closed after this. */
  keepAliveMs: number;
  /** A socket with no traffic either way is closed after this. */
  idleMs: number;
}

export type MetricsAccess = { kind: 'off' } | { kind: 'loopback' } | { kind: 'bearer'; token: string };

export const SQLITE_SYNCHRONOUS_MODES = ['normal', 'full'] as const;
export type SqliteSynchronous = (typeof SQLITE_SYNCHRONOUS_MODES)[number];

/** How long data is kept outside dev mode, in days, unless `--retention-days` says otherwise. */
export const DEFAULT_RETENTION_DAYS = 90;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const DEFAULT_DB = 'sqlite:.dingo/dingo.db';

/** A configuration value that cannot be used; the message says which and why. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Every setting, with its flag, its environment variable and its default. */
const SETTINGS = {
  host: { env: 'DINGO_HOST', type: 'string', default: '127.0.0.1' },
  port: { env: 'DINGO_PORT', type: 'string', default: '3000' },
  db: { env: 'DINGO_DB', type: 'string', default: DEFAULT_DB },
  seed: { env: 'DINGO_SEED', type: 'string', default: undefined },
  dev: { env: 'DINGO_DEV', type: 'boolean', default: undefined },
  'flow-limit': { env: 'DINGO_FLOW_LIMIT', type: 'string', default: '20' },
  'session-webhook-limit': { env: 'DINGO_SESSION_WEBHOOK_LIMIT', type: 'string', default: '20' },
  'app-qps': { env: 'DINGO_APP_QPS', type: 'string', default: '0' },
  'monthly-quota': { env: 'DINGO_MONTHLY_QUOTA', type: 'string', default: '0' },
  'redelivery-ms': { env: 'DINGO_REDELIVERY_MS', type: 'string', default: '60000' },
  'callback-timeout-ms': { env: 'DINGO_CALLBACK_TIMEOUT_MS', type: 'string', default: '5000' },
  'log-level': { env: 'DINGO_LOG_LEVEL', type: 'string', default: 'info' },
  'public-url': { env: 'DINGO_PUBLIC_URL', type: 'string', default: undefined },
  'log-format': { env: 'DINGO_LOG_FORMAT', type: 'string', default: undefined }, // pretty in dev mode, json otherwise
  'files-dir': { env: 'DINGO_FILES_DIR', type: 'string', default: undefined },
  transparent: { env: 'DINGO_TRANSPARENT', type: 'boolean', default: undefined }, // on in dev mode, off otherwise
  'ca-dir': { env: 'DINGO_CA_DIR', type: 'string', default: undefined },
  'retention-days': { env: 'DINGO_RETENTION_DAYS', type: 'string', default: undefined }, // 0 (keep) in dev mode, 90 otherwise
  'sqlite-synchronous': { env: 'DINGO_SQLITE_SYNCHRONOUS', type: 'string', default: 'normal' },
  'allowed-hosts': { env: 'DINGO_ALLOWED_HOSTS', type: 'string', default: '' },
  'trust-proxy': { env: 'DINGO_TRUST_PROXY', type: 'boolean', default: undefined }, // off
  'request-timeout-ms': { env: 'DINGO_REQUEST_TIMEOUT_MS', type: 'string', default: '60000' },
  'headers-timeout-ms': { env: 'DINGO_HEADERS_TIMEOUT_MS', type: 'string', default: '10000' },
  'keep-alive-timeout-ms': { env: 'DINGO_KEEP_ALIVE_TIMEOUT_MS', type: 'string', default: '5000' },
  'idle-timeout-ms': { env: 'DINGO_IDLE_TIMEOUT_MS', type: 'string', default: '120000' },
  metrics: { env: 'DINGO_METRICS', type: 'string', default: 'loopback' },
  'live-streams-per-user': { env: 'DINGO_LIVE_STREAMS_PER_USER', type: 'string', default: '8' },
  'stream-connections-per-app': { env: 'DINGO_STREAM_CONNECTIONS_PER_APP', type: 'string', default: '16' },
  'requests-per-ip': { env: 'DINGO_REQUESTS_PER_IP', type: 'string', default: '256' },
  'block-remote-images': { env: 'DINGO_BLOCK_REMOTE_IMAGES', type: 'boolean', default: undefined }, // off
  'secret-key-file': { env: 'DINGO_SECRET_KEY_FILE', type: 'string', default: undefined },
} as const;

/** The server key itself: an environment variable only. */
const SECRET_KEY_ENV = 'DINGO_SECRET_KEY';

type SettingName = keyof typeof SETTINGS;

/**
 * Reads flags (which win) and environment variables, validates every value and
 * returns the configuration, or throws a ConfigError naming the bad setting.
 */
export function readConfig(args: string[], env: NodeJS.ProcessEnv): DingoConfig {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args,
      options: Object.fromEntries(Object.entries(SETTINGS).map(([name, s]) => [name, { type: s.type }])),
      allowPositionals: false,
      allowNegative: true, // --no-transparent, --no-dev
      strict: true,
    }).values;
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }

  const raw = (name: SettingName): { value: string | undefined; source: string } => {
    const flag = flags[name];
    if (typeof flag === 'string') return { value: flag, source: `--${name}` };
    const fromEnv = env[SETTINGS[name].env];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: SETTINGS[name].env };
    return { value: SETTINGS[name].default, source: `--${name}` };
  };

  const wholeNumber = (name: SettingName, max: number, min = 0): number => {
    const { value, source } = raw(name);
    if (value === undefined || !/^\d+$/.test(value) || Number(value) > max || Number(value) < min) {
      throw new ConfigError(`${source} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    }
    return Number(value);
  };

  const port = wholeNumber('port', 65535);
  const host = raw('host').value ?? '';
  if (host.trim() === '') throw new ConfigError('--host must not be empty');

  const seed = raw('seed').value;
  if (seed !== undefined && !existsSync(seed)) {
    throw new ConfigError(`${raw('seed').source}: seed file ${JSON.stringify(seed)} does not exist`);
  }

  /** The setting's value if it is one of `allowed`; undefined when unset and without a default. */
  const oneOf = <T extends string>(name: SettingName, allowed: readonly T[]): T | undefined => {
    const { value, source } = raw(name);
    if (value !== undefined && !allowed.includes(value as T)) {
      throw new ConfigError(`${source} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    }
    return value as T | undefined;
  };

  const logLevel = oneOf('log-level', LOG_LEVELS) as LogLevel; // it has a default
  /** A switch: its flag (`--x` or `--no-x`) wins, then its environment variable, then `fallback`. */
  const onOff = (name: 'dev' | 'transparent' | 'trust-proxy' | 'block-remote-images', fallback: boolean): boolean => {
    const flag = flags[name];
    return typeof flag === 'boolean' ? flag : (readSwitch(SETTINGS[name].env, env[SETTINGS[name].env]) ?? fallback);
  };
  const dev = onOff('dev', false);
  const readTimeouts = (): HttpTimeouts => {
    const timeouts = {
      requestMs: wholeNumber('request-timeout-ms', 3_600_000),
      headersMs: wholeNumber('headers-timeout-ms', 3_600_000, 1),
      keepAliveMs: wholeNumber('keep-alive-timeout-ms', 3_600_000),
      idleMs: wholeNumber('idle-timeout-ms', 3_600_000),
    };
    // Node refuses a header timeout longer than the request's: the headers are part of the request.
    if (timeouts.requestMs > 0 && timeouts.headersMs > timeouts.requestMs) {
      throw new ConfigError(`${raw('headers-timeout-ms').source} (${timeouts.headersMs}) must not be longer than ${raw('request-timeout-ms').source} (${timeouts.requestMs})`);
    }
    return timeouts;
  };

  return {
    host,
    port,
    db: parseDatabaseLocation(raw('db')),
    seed,
    dev,
    flowLimit: wholeNumber('flow-limit', 1_000_000),
    sessionWebhookLimit: wholeNumber('session-webhook-limit', 1_000_000),
    appQps: wholeNumber('app-qps', 1_000_000),
    monthlyQuota: wholeNumber('monthly-quota', 1_000_000_000),
    redeliveryMs: wholeNumber('redelivery-ms', 86_400_000, 1),
    callbackTimeoutMs: wholeNumber('callback-timeout-ms', 600_000, 1),
    publicUrl: parsePublicUrl(raw('public-url')),
    filesDir: parseDirectory(raw('files-dir')),
    transparent: onOff('transparent', dev),
    caDir: parseDirectory(raw('ca-dir')),
    secretKeyFile: raw('secret-key-file').value,
    secretKey: env[SECRET_KEY_ENV] === '' ? undefined : env[SECRET_KEY_ENV],
    logLevel,
    logFormat: oneOf('log-format', LOG_FORMATS) ?? (dev ? 'pretty' : 'json'),
    retentionDays: raw('retention-days').value === undefined ? (dev ? 0 : DEFAULT_RETENTION_DAYS) : wholeNumber('retention-days', 36_500),
    sqliteSynchronous: oneOf('sqlite-synchronous', SQLITE_SYNCHRONOUS_MODES) as SqliteSynchronous, // it has a default
    allowedHosts: parseAllowedHosts(raw('allowed-hosts')),
    trustProxy: onOff('trust-proxy', false),
    timeouts: readTimeouts(),
    metrics: parseMetricsAccess(raw('metrics')),
    liveStreamsPerUser: wholeNumber('live-streams-per-user', 10_000, 1),
    streamConnectionsPerApp: wholeNumber('stream-connections-per-app', 10_000, 1),
    requestsPerIp: wholeNumber('requests-per-ip', 1_000_000),
    blockRemoteImages: onOff('block-remote-images', false),
  };
}

/** `a.example, b.example:8443`: host names, each with an optional port, lower-cased. */
export function parseAllowedHosts({ value, source }: { value: string | undefined; source: string }): string[] {
  const hosts = (value ?? '').split(',').map((host) => host.trim().toLowerCase()).filter((host) => host !== '');
  for (const host of hosts) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(host)) {
      throw new ConfigError(`${source} must list host names separated by commas (e.g. dingo.example.com,dingo.internal:8080), got ${JSON.stringify(host)}`);
    }
  }
  return hosts;
}

/** A bearer token for `/metrics` is at least this long: it is the only thing guarding it. */
const METRICS_TOKEN_MIN_LENGTH = 16;

/** `off`, `loopback` or `bearer:<token>`. */
export function parseMetricsAccess({ value, source }: { value: string | undefined; source: string }): MetricsAccess {
  if (value === 'off' || value === 'loopback') return { kind: value };
  const token = value?.startsWith('bearer:') ? value.slice('bearer:'.length) : undefined;
  if (token !== undefined && token.length >= METRICS_TOKEN_MIN_LENGTH && /^[\x21-\x7e]+$/.test(token)) return { kind: 'bearer', token };
  throw new ConfigError(
    `${source} must be off, loopback or bearer:<token> (a token of at least ${METRICS_TOKEN_MIN_LENGTH} printable characters), got ${JSON.stringify(token === undefined ? value : 'bearer:…')}`,
  );
}

const SWITCH_ON = ['1', 'true', 'yes', 'on'];
const SWITCH_OFF = ['0', 'false', 'no', 'off'];

/** An on/off environment variable: unset or empty is undefined (the default applies); anything but the known words is an error. */
function readSwitch(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (SWITCH_ON.includes(value.toLowerCase())) return true;
  if (SWITCH_OFF.includes(value.toLowerCase())) return false;
  throw new ConfigError(`${name} must be one of ${[...SWITCH_ON, ...SWITCH_OFF].join(', ')}, got ${JSON.stringify(value)}`);
}

export function parseDatabaseLocation({ value, source }: { value: string | undefined; source: string }): DatabaseLocation {
  const text = value ?? '';
  if (text.startsWith('sqlite:')) {
    const file = text.slice('sqlite:'.length);
    if (file === '') throw new ConfigError(`${source}: "sqlite:" needs a file name, or ":memory:"`);
    return { kind: 'sqlite', file };
  }
  if (text.startsWith('postgres://') || text.startsWith('postgresql://')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new ConfigError(`${source}: ${JSON.stringify(redactPassword(text))} is not a valid PostgreSQL URL`);
    }
    if (url.hostname === '' && !url.searchParams.has('host')) {
      throw new ConfigError(`${source}: the PostgreSQL URL names no host`);
    }
    return { kind: 'postgres', url: text };
  }
  throw new ConfigError(
    `${source} must be sqlite:<file>, sqlite::memory: or postgres://user:password@host:port/database, got ${JSON.stringify(redactPassword(text))}`,
  );
}

/** An http(s) base URL without query or fragment, kept without its trailing slash; undefined when unset. */
export function parsePublicUrl({ value, source }: { value: string | undefined; source: string }): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '') {
    throw new ConfigError(`${source} must be an http:// or https:// base URL such as https://dingo.example.com, got ${JSON.stringify(value)}`);
  }
  return url.href.replace(/\/+$/, '');
}

/** A directory (file bytes, the CA): not empty, and not an existing file (a missing directory is created on first use). */
export function parseDirectory({ value, source }: { value: string | undefined; source: string }): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new ConfigError(`${source} must name a directory, got ${JSON.stringify(value)}`);
  if (existsSync(value) && !statSync(value).isDirectory()) {
    throw new ConfigError(`${source}: ${JSON.stringify(value)} exists and is not a directory`);
  }
  return value;
}

/** Hides the password of a database URL so it can be shown in messages. */
export function redactPassword(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
