import type { Measurement } from './load.js';
import { rowKey, type DingoRowName } from './rows.js';
import type { BenchDatabase } from './servers.js';

/** One line of the table: a figure, its issue-14 target and whether it holds. */
export interface Figure {
  name: string;
  value: string;
  ratio: string;
  target: string;
  verdict: 'PASS' | 'MISS' | '';
  errors: number | undefined;
}

export interface Memory {
  database: BenchDatabase;
  peakMb: number;
  finalMb: number;
}

const perSecond = (m: Measurement) => `${Math.round(m.perSecond).toLocaleString('en')}/s`;
const ms = (value: number) => `${Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '–'} ms`;
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
const verdict = (holds: boolean): 'PASS' | 'MISS' => (holds ? 'PASS' : 'MISS');

/** The figures of one run, from the median of each row's rounds. */
export function figures(results: ReadonlyMap<string, Measurement>, databases: readonly BenchDatabase[], memory: readonly Memory[]): Figure[] {
  const bare = results.get('bare node:http');
  const limit = results.get('limit server');
  const table: Figure[] = [];
  if (bare) table.push({ name: 'bare node:http (baseline)', value: perSecond(bare), ratio: '1.00× bare', target: '', verdict: '', errors: bare.errors });
  if (bare && limit) {
    table.push({ name: 'durable-write limit server', value: perSecond(limit), ratio: `${times(limit.perSecond / bare.perSecond)} bare`, target: '', verdict: '', errors: limit.errors });
  }
  for (const database of databases) {
    const row = (name: DingoRowName) => results.get(rowKey(database, name));
    const named = (text: string) => (databases.length > 1 ? `${text} [${database.label}]` : text);
    const against = (name: DingoRowName, title: string, base: Measurement | undefined, baseName: string, minimum: number | undefined) => {
      const m = row(name);
      if (!m) return;
      const ratio = base ? m.perSecond / base.perSecond : NaN;
      table.push({
        name: named(title),
        value: perSecond(m),
        ratio: `${times(ratio)} ${baseName}`,
        target: minimum === undefined ? 'reported' : `≥ ${minimum.toFixed(2)}× ${baseName}`,
        verdict: minimum === undefined || !base ? '' : verdict(ratio >= minimum),
        errors: m.errors,
      });
    };
    const latency = (name: DingoRowName, title: string, value: number, maximum: number | undefined) => {
      const m = row(name);
      if (!m) return;
      table.push({
        name: named(title),
        value: ms(value),
        ratio: '',
        target: maximum === undefined ? 'reported' : `≤ ${maximum} ms`,
        verdict: maximum === undefined ? '' : verdict(value <= maximum),
        errors: m.errors,
      });
    };
    against('batchSend durable', 'batchSend to 20 users, durable', limit, 'limit', 0.7);
    against('batchSend default configuration', 'batchSend, default configuration', limit, 'limit', 0.5);
    against('readStatus', 'readStatus, 20 recipients', bare, 'bare', 0.5);
    latency('batchSend at 500/s', `p99 of batchSend at 500 sends/s (${Math.round(row('batchSend at 500/s')?.perSecond ?? 0)}/s done)`, row('batchSend at 500/s')?.p99 ?? NaN, 10);
    latency('batchSend durable', 'p99 of batchSend at 32 connections', row('batchSend durable')?.p99 ?? NaN, undefined);
    const few = row('readStatus with 10 k messages');
    const many = row('readStatus with 1 M messages');
    latency('readStatus with 10 k messages', 'readStatus p50, 10 k messages stored', few?.p50 ?? NaN, undefined);
    latency('readStatus with 1 M messages', 'readStatus p50, 1 M messages stored', many?.p50 ?? NaN, undefined);
    if (few && many) {
      const growth = many.p50 / few.p50;
      table.push({ name: named('readStatus p50, 1 M ÷ 10 k'), value: times(growth), ratio: '', target: '≤ 1.20×', verdict: verdict(growth <= 1.2), errors: undefined });
    }
    against('groupMessages/send', 'groupMessages/send, 20-member group', limit, 'limit', 0.5);
    against('sessionWebhook reply', 'sessionWebhook reply, one-to-one', limit, 'limit', 0.5);
    const stream = row('Stream push');
    if (stream) {
      table.push({ name: named('Stream push: say → ack, messages'), value: perSecond(stream), ratio: '', target: '≥ 2,000/s', verdict: verdict(stream.perSecond >= 2000), errors: stream.errors });
      latency('Stream push', 'Stream push: p99 of say → ack', stream.p99, 20);
    }
    const full = row('batchSend synchronous=full');
    const durable = row('batchSend durable');
    against('batchSend synchronous=full', `batchSend, synchronous = FULL${full && durable ? ` (${times(full.perSecond / durable.perSecond)} NORMAL)` : ''}`, limit, 'limit', undefined);
    for (const m of memory.filter((m) => m.database === database)) {
      table.push({ name: named('server RSS, peak'), value: `${m.peakMb} MB`, ratio: '', target: 'reported', verdict: '', errors: undefined });
      table.push({ name: named('server RSS at the end'), value: `${m.finalMb} MB`, ratio: '', target: '≤ 300 MB', verdict: verdict(m.finalMb <= 300), errors: undefined });
    }
  }
  const [sqlite, postgres] = [databases.find((d) => d.kind === 'sqlite'), databases.find((d) => d.kind === 'postgres')];
  const onSqlite = sqlite && results.get(rowKey(sqlite, 'batchSend durable'));
  const onPostgres = postgres && results.get(rowKey(postgres, 'batchSend durable'));
  if (onSqlite && onPostgres) {
    const ratio = onPostgres.perSecond / onSqlite.perSecond;
    table.push({ name: 'batchSend, PostgreSQL ÷ SQLite', value: times(ratio), ratio: '', target: '≥ 0.50×', verdict: verdict(ratio >= 0.5), errors: undefined });
  }
  return table;
}

/** The table as Markdown, ready for docs/benchmarks.md. */
export function markdownTable(table: readonly Figure[]): string {
  const lines = ['| figure | value | ratio | target | verdict | errors |', '|---|---:|---:|---|---|---:|'];
  for (const f of table) lines.push(`| ${f.name} | ${f.value} | ${f.ratio} | ${f.target} | ${f.verdict} | ${f.errors ?? ''} |`);
  return lines.join('\n');
}
