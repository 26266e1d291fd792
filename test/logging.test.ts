import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging.js';
import { serveCli } from './cliProcess.js';
import { TEST_CONFIG } from './sdk.js';

/** A logger at `info` in the readable format, and the text it wrote. */
function readableLogger() {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ ...TEST_CONFIG, logLevel: 'info', logFormat: 'pretty' }, out);
  return { logger, text: () => text };
}

const CLOCK = '\\d{2}:\\d{2}:\\d{2}\\.\\d{3}';

describe('the readable log format', () => {
  it('writes a request as one line: time, level, method, URL with its secrets redacted, status, duration', () => {
    const { logger, text } = readableLogger();
    logger.info(
      { req: { method: 'GET', url: '/gettoken?appkey=a&appsecret=S3CRET', ip: '127.0.0.1' }, res: { statusCode: 200 }, responseTime: 2.6 },
      'request completed',
    );
    expect(text()).toMatch(new RegExp(`^${CLOCK} INFO  GET /gettoken\\?appkey=a&appsecret=\\[redacted\\] 200 3 ms\\n$`));
  });

  it('writes other events as their message and fields, and an error with its stack on indented lines', () => {
    const { logger, text } = readableLogger();
    logger.info({ signal: 'SIGTERM' }, 'shutting down');
    const error = new Error('disk full');
    logger.child({ requestid: 'R1' }).error({ err: error }, 'unexpected error');
    const [first, second, ...stack] = text().trimEnd().split('\n');
    expect(first).toMatch(new RegExp(`^${CLOCK} INFO  shutting down signal="SIGTERM"$`));
    expect(second).toMatch(new RegExp(`^${CLOCK} ERROR unexpected error \\(request R1\\)$`));
    expect(stack[0]).toBe('    Error: disk full');
    expect(stack.length).toBeGreaterThan(1);
    expect(stack.every((line) => line.startsWith('    '))).toBe(true);
  });

  it('writes whatever a caller put under `err` (a text, an object without a stack), never throwing', () => {
    const { logger, text } = readableLogger();
    logger.info({ err: 'alert number 42' }, 'TLS handshake failed');
    logger.warn({ err: { code: 'EPIPE' } }, 'write failed');
    const lines = text().trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${CLOCK} INFO  TLS handshake failed$`)),
      '    alert number 42',
      expect.stringMatching(new RegExp(`^${CLOCK} WARN  write failed$`)),
      '    {"code":"EPIPE"}',
    ]);
  });
});

describe.concurrent('request logs of `dingo serve`', { timeout: 90_000 }, () => {
  it('in dev mode: one readable line per request, none for /healthz and /metrics, all after the banner', async ({ expect }) => {
    const dingo = await serveCli(['--port', '0', '--db', 'sqlite::memory:', '--dev']);
    try {
      await fetch(`${dingo.url}/healthz`);
      await fetch(`${dingo.url}/metrics`);
      await fetch(`${dingo.url}/gettoken?appkey=dingdemoapp&appsecret=demo-secret`);
      const stdout = await dingo.waitForStdout(/GET \/gettoken.*\n/);
      const [beforeBanner, banner, afterBanner] = stdout.split(/^─{78}$/m);
      expect(beforeBanner).toMatch(new RegExp(`^${CLOCK} INFO  Server listening at http://127\\.0\\.0\\.1:\\d+\\n\\n$`));
      expect(banner).toContain('API base URL');
      expect(afterBanner).toMatch(new RegExp(`^\\n\\n${CLOCK} INFO  GET /gettoken\\?appkey=dingdemoapp&appsecret=\\[redacted\\] 200 \\d+ ms\\n$`));
      expect(dingo.output().stderr).toBe('');
    } finally {
      await dingo.stop('SIGKILL');
    }
  });

  it('without --dev: one JSON line per request, none for /healthz and /metrics at info', async ({ expect }) => {
    const dingo = await serveCli(['--port', '0', '--db', 'sqlite::memory:']);
    try {
      await fetch(`${dingo.url}/healthz`);
      await fetch(`${dingo.url}/metrics`);
      await fetch(`${dingo.url}/gettoken?appkey=dingdemoapp&appsecret=demo-secret`);
      const stdout = await dingo.waitForStdout(/"url":"\/gettoken.*\n/);
      const records = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(records.map((record) => record.msg)).toEqual([expect.stringMatching(/^Server listening at /), 'request completed']);
      expect(records[1]).toMatchObject({
        level: 30,
        requestid: expect.any(String),
        req: { method: 'GET', url: '/gettoken?appkey=dingdemoapp&appsecret=[redacted]' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      });
    } finally {
      await dingo.stop('SIGKILL');
    }
  });
});
