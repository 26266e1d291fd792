import pino, { type DestinationStream, type Logger } from 'pino';
import type { DingoConfig } from './config.js';

/** Query parameters whose values are secrets and never reach the logs. */
const SECRET_QUERY_PARAMETERS = /([?&](?:appsecret|access_token|suiteSecret)=)[^&]*/gi;

/**
 * The logger of a Dingo: pino at the configured level, with secrets redacted before
 * anything is written, as JSON lines or as one readable line per event (`--log-format`).
 */
export function createLogger(config: DingoConfig, out: NodeJS.WritableStream = process.stdout): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: ['req.headers["x-acs-dingtalk-access-token"]', 'req.headers.cookie', 'req.headers.authorization'], censor: '[redacted]' },
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({
        method: request.method,
        url: request.url.replace(SECRET_QUERY_PARAMETERS, '$1[redacted]'),
        remoteAddress: request.ip,
      }),
    },
  };
  return config.logFormat === 'pretty' ? pino(options, readableLines(out)) : pino(options);
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
