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
}

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
  const onOff = (name: 'dev' | 'transparent', fallback: boolean): boolean => {
    const flag = flags[name];
    return typeof flag === 'boolean' ? flag : (readSwitch(SETTINGS[name].env, env[SETTINGS[name].env]) ?? fallback);
  };
  const dev = onOff('dev', false);

  return {
    host,
    port,
    db: parseDatabaseLocation(raw('db')),
    seed,
    dev,
    flowLimit: wholeNumber('flow-limit', 1_000_000),
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
  };
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
