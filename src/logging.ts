import pino, { type DestinationStream, type Logger } from 'pino';
import type { DingoConfig } from './config.js';

/**
 * Query parameters whose values are secrets and never reach the logs (docs/behaviour.md, Logs): app and
 * suite secrets, access tokens (legacy endpoints, custom robots), session webhooks' sessions, custom
 * robots' signatures, download tokens, Stream tickets, passwords. Compared with each name decoded and
 * lower-cased, so `app%73ecret` and `AppSecret` are masked as `appsecret` is.
 */
const SECRET_QUERY_PARAMETERS: ReadonlySet<string> = new Set([
  'appsecret',
  'suitesecret',
  'clientsecret',
  'secret',
  'access_token',
  'accesstoken',
  'token',
  'session',
  'sign',
  'ticket',
  'password',
]);

/** A URL component decoded as a query string parser would, with any malformed escape left as it is. */
function decodeLeniently(component: string): string {
  const plain = component.replaceAll('+', ' ');
  try {
    return decodeURIComponent(plain);
  } catch {
    return plain.replace(/(?:%[0-9a-f]{2})+/gi, (escapes) => {
      try {
        return decodeURIComponent(escapes);
      } catch {
        return escapes;
      }
    });
  }
}

/** `url` with the value of every secret query parameter, however its name is spelled or encoded, replaced by `[redacted]`. */
export function maskSecretParameters(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const parameters = url
    .slice(start + 1)
    .split('&')
    .map((parameter) => {
      const end = parameter.indexOf('=');
      const name = end === -1 ? parameter : parameter.slice(0, end);
      return SECRET_QUERY_PARAMETERS.has(decodeLeniently(name).trim().toLowerCase()) ? `${name}=[redacted]` : parameter;
    });
  return `${url.slice(0, start)}?${parameters.join('&')}`;
}

/**
 * The logger of a Dingo: pino at the configured level, with secrets redacted before
 * anything is written, as JSON lines or as one readable line per event (`--log-format`).
 */
export function createLogger(config: DingoConfig, out?: NodeJS.WritableStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: ['req.headers["x-acs-dingtalk-access-token"]', 'req.headers.cookie', 'req.headers.authorization'], censor: '[redacted]' },
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({
        method: request.method,
        url: maskSecretParameters(request.url),
        remoteAddress: request.ip,
      }),
    },
  };
  if (config.logFormat === 'pretty') return pino(options, readableLines(out ?? process.stdout));
  return out === undefined ? pino(options) : pino(options, out);
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has, or that the readable line shows in its own way. */
const SHOWN_APART = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'req', 'res', 'responseTime', 'requestid', 'err']);

interface LogRecord {
  level: number;
  time: number;
  msg?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  requestid?: string;
  /** An Error as pino serialises it; a plain value when a caller logged one under `err`. */
  err?: { message?: string; stack?: string } | string | number | boolean | null;
  [field: string]: unknown;
}

/** An error's stack, else its message, else the value itself: whatever a caller put under `err`. */
function describeError(err: NonNullable<LogRecord['err']>): string {
  if (typeof err !== 'object') return String(err);
  return err.stack ?? err.message ?? JSON.stringify(err);
}

/** A pino destination that writes each record (already redacted and serialised) as one line a human reads. */
function readableLines(out: NodeJS.WritableStream): DestinationStream {
  return { write: (line: string) => void out.write(formatReadableLine(JSON.parse(line) as LogRecord)) };
}

/**
 * `14:03:07.512 INFO  GET /api/me 200 3 ms` for a request, `14:03:07.512 WARN  message key=value` for
 * anything else; an error's stack follows on indented lines.
 */
export function formatReadableLine(record: LogRecord): string {
  const time = new Date(record.time);
  const clock = `${[time.getHours(), time.getMinutes(), time.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')}.${String(time.getMilliseconds()).padStart(3, '0')}`;
  const level = (LEVEL_NAMES[record.level] ?? String(record.level)).padEnd(5);
  const parts = [clock, level];
  if (record.req && record.res) {
    parts.push(`${record.req.method} ${record.req.url} ${record.res.statusCode} ${Math.round(record.responseTime ?? 0)} ms`);
    if (record.level >= 40 && record.msg) parts.push(`— ${record.msg}`);
  } else if (record.msg) {
    parts.push(record.msg);
  }
  for (const [field, value] of Object.entries(record)) {
    if (!SHOWN_APART.has(field)) parts.push(`${field}=${JSON.stringify(value)}`);
  }
  if (record.level >= 40 && record.requestid) parts.push(`(request ${record.requestid})`);
  const stack = record.err === undefined || record.err === null ? '' : `\n${describeError(record.err).replace(/^/gm, '    ')}`;
  return `${parts.join(' ')}${stack}\n`;
}
