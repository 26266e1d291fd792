/**
 * `npm run bench`: the benchmark of issue 14's targets (docs/benchmarks.md). Every server runs
 * in its own process on loopback; each row is run once per round, rows alternating, and the
 * table shows the median of the rounds.
 *
 *   npm run bench                        the table on SQLite
 *   npm run bench -- --db postgres|both  the same on an embedded PostgreSQL (both: and the ratio)
 *   npm run bench -- --soak [minutes]    mixed load for minutes (10), errors and memory over time
 *
 * BENCH_SECONDS (5) and BENCH_ROUNDS (3) set the length of a row and the rounds;
 * BENCH_ONLY runs the rows whose names contain one of its comma-separated pieces (`!piece` leaves rows out).
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { CONNECTIONS, medianOf, ROUNDS, SECONDS, type Measurement } from './load.js';
import { figures, markdownTable, type Memory } from './report.js';
import { referenceRows, selectedBy, startDingoSuite, type DingoSuite, type LoadRow } from './rows.js';
import { embeddedPostgres, removeWorkDir, residentMemory, sqliteDatabases, type BenchDatabase, type ServerProcess } from './servers.js';
import { runSoak } from './soak.js';

const { values, positionals } = parseArgs({ options: { db: { type: 'string', default: 'sqlite' }, soak: { type: 'boolean', default: false } }, allowPositionals: true });
if (!['sqlite', 'postgres', 'both'].includes(values.db)) throw new Error(`--db must be sqlite, postgres or both, got ${values.db}`);

console.log(`$ npm run bench -- ${process.argv.slice(2).join(' ')}`.trimEnd());
console.log(`Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString()}`);

const databases: BenchDatabase[] = [];
const servers: ServerProcess[] = [];
const suites: DingoSuite[] = [];
try {
  if (values.db !== 'postgres') databases.push(sqliteDatabases());
  if (values.db !== 'sqlite') databases.push(await embeddedPostgres());
  if (values.soak) {
    for (const database of databases) await runSoak(Number(positionals[0] ?? 10), database);
  } else {
    console.log(`${ROUNDS} rounds × ${SECONDS} s per row, ${CONNECTIONS} connections unless said${process.env.BENCH_ONLY ? `, BENCH_ONLY=${process.env.BENCH_ONLY}` : ''}\n`);
    const reference = await referenceRows();
    servers.push(...reference.servers);
    const selected = selectedBy(process.env.BENCH_ONLY);
    for (const database of databases) {
      const suite = await startDingoSuite(database, selected);
      suites.push(suite);
      servers.push(...suite.servers);
      suite.notes.forEach((note) => console.log(note));
    }
    const results = await runRounds([...reference.rows, ...suites.flatMap((suite) => suite.rows)]);
    const memory: Memory[] = suites.map((suite, i) => {
      const { nowMb, peakMb } = residentMemory(suite.main.pid);
      return { database: databases[i] as BenchDatabase, peakMb, finalMb: nowMb };
    });
    console.log(`\n${markdownTable(figures(results, databases, memory))}`);
    console.log('\nRatios are to the bare server or the limit server of the same run; the memory is that of the durable Dingo most rows ran on.');
  }
} finally {
  suites.forEach((suite) => suite.bots.forEach((bot) => bot.stop()));
  await Promise.all(servers.map((server) => server.stop()));
  for (const database of databases) await database.close();
  removeWorkDir();
}

/** Every row once per round, in the same order each round; the median of each row's rounds. */
async function runRounds(rows: readonly LoadRow[]): Promise<Map<string, Measurement>> {
  const rounds = new Map<string, Measurement[]>(rows.map((row) => [row.key, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const row of rows) {
      const m = await row.run();
      rounds.get(row.key)?.push(m);
      console.log(`round ${round}/${ROUNDS}  ${row.key.padEnd(48)} ${String(Math.round(m.perSecond)).padStart(7)}/s  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  errors ${m.errors}`);
    }
  }
  return new Map([...rounds].map(([key, measured]) => [key, medianOf(measured)]));
}
