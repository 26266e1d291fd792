import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsAccess } from '../src/config.js';
import { startTestDingo, type TestDingo } from './harness.js';

const TOKEN = 'metrics-0123456789abcdef';

describe('/metrics behind --metrics', () => {
  const dingos = new Map<string, TestDingo>();
  beforeAll(async () => {
    const settings: Array<[string, boolean, MetricsAccess]> = [
      ['production off', false, { kind: 'off' }],
      ['production loopback', false, { kind: 'loopback' }],
      ['production bearer', false, { kind: 'bearer', token: TOKEN }],
      ['dev off', true, { kind: 'off' }],
    ];
    await Promise.all(settings.map(async ([name, dev, metrics]) => dingos.set(name, await startTestDingo({ dev, metrics }))));
  });
  afterAll(async () => {
    await Promise.all([...dingos.values()].map((dingo) => dingo.close()));
  });

  const scrape = async (name: string, headers: Record<string, string> = {}) => {
    const answer = await (dingos.get(name) as TestDingo).http('/metrics', { headers });
    return { status: answer.status, code: typeof answer.body === 'string' ? undefined : answer.body.code, metrics: typeof answer.body === 'string' && answer.body.includes('dingo_http_requests_total') };
  };

  it('off: not there at all in production', async () => {
    expect(await scrape('production off')).toEqual({ status: 404, code: 'InvalidAction.NotFound', metrics: false });
  });

  it('loopback (the default): clients on this machine, never a request a proxy forwarded', async () => {
    expect(await scrape('production loopback')).toEqual({ status: 200, code: undefined, metrics: true });
    expect(await scrape('production loopback', { 'x-forwarded-for': '203.0.113.9' })).toEqual({ status: 403, code: 'Forbidden.AccessDenied', metrics: false });
  });

  it('bearer: only with the token, from anywhere', async () => {
    expect(await scrape('production bearer')).toEqual({ status: 403, code: 'Forbidden.AccessDenied', metrics: false });
    expect(await scrape('production bearer', { authorization: `Bearer ${TOKEN}x` })).toEqual({ status: 403, code: 'Forbidden.AccessDenied', metrics: false });
    expect(await scrape('production bearer', { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' })).toEqual({ status: 200, code: undefined, metrics: true });
  });

  it('dev mode keeps it open on loopback whatever the setting', async () => {
    expect(await scrape('dev off')).toEqual({ status: 200, code: undefined, metrics: true });
    expect(await scrape('dev off', { 'x-forwarded-for': '203.0.113.9' })).toEqual({ status: 404, code: 'InvalidAction.NotFound', metrics: false });
  });
});
