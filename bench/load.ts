import autocannon from 'autocannon';

/** What one round of one row measured. */
export interface Measurement {
  /** Answers per second (for the Stream row: acked messages per second). */
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
export const CONNECTIONS = 32;

/** Drives one URL with autocannon for `SECONDS` (32 connections unless `options` say otherwise). */
export async function drive(options: autocannon.Options): Promise<Measurement> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The measurement of several rounds: the median of each figure on its own. */
export function medianOf(rounds: readonly Measurement[]): Measurement {
  return {
    perSecond: median(rounds.map((m) => m.perSecond)),
    p50: median(rounds.map((m) => m.p50)),
    p99: median(rounds.map((m) => m.p99)),
    errors: rounds.reduce((sum, m) => sum + m.errors, 0),
  };
}

/** The value below which `share` (0…1) of `values` lie. */
export function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}
