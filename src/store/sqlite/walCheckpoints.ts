import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker copies the WAL back into the database file. */
const CHECKPOINT_EVERY_MS = 200;

/**
 * The WAL size, in pages, past which a commit on the request path checkpoints by itself
 * (SQLite's wal_autocheckpoint): only when the worker has fallen this far behind, so the
 * WAL cannot grow without bound. 10,000 pages of 4 KiB, about 40 MB.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/** The WAL file is truncated back to this size after a checkpoint that emptied a larger one. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * The worker's code: its own connection to the database file, running a PASSIVE checkpoint
 * (it never waits for readers or writers) every CHECKPOINT_EVERY_MS until told to stop.
 * The checkpoint's writes and fsyncs of the database file happen on this thread, off the
 * request path. Plain CommonJS, so it runs the same from the built code and from the sources.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const database = new SQLite(workerData.file);
database.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try { database.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or gone: the next round, or the fallback, catches up */ }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  database.close();
  parentPort.close();
});
`;

/** The checkpoints of one SQLite database file, on a worker thread; `stop` ends them (call it before closing the database). */
export interface WalCheckpoints {
  stop(): Promise<void>;
}

export function startWalCheckpoints(file: string): WalCheckpoints {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, everyMs: CHECKPOINT_EVERY_MS } });
  // A failing worker only means commits checkpoint by themselves again (FALLBACK_AUTOCHECKPOINT_PAGES).
  worker.on('error', () => {});
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop: async () => {
      // Waited for: the process stays up until the worker has closed its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
