import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * The durable-write limit server: what this machine can do for a batchSend, written as lean
 * as it goes. node:http, better-sqlite3 prepared statements, one message row and one inbox row
 * per recipient, WAL with synchronous = NORMAL (a 200 survives kill -9), WAL checkpoints in a
 * worker thread, and group commit: the requests of one event-loop tick share one transaction
 * and each is answered after its commit.
 */
const CHECKPOINT_WORKER = `
  const { workerData } = require('node:worker_threads');
  const db = new (require('better-sqlite3'))(workerData);
  setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), 50);
`;

interface PendingSend {
  userIds: string[];
  body: string;
  response: ServerResponse;
}

export interface LimitServer {
  server: Server;
  close(): Promise<void>;
}

export async function startLimitServer(file: string, port: number): Promise<LimitServer> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec(`create table if not exists messages (id integer primary key, process_query_key text not null unique, body text not null, created_at integer not null);
           create table if not exists inbox (message_id integer not null, user_id text not null, read_at integer, primary key (message_id, user_id));
           create index if not exists inbox_by_user on inbox (user_id, message_id);`);
  const insertMessage = db.prepare('insert into messages (process_query_key, body, created_at) values (?, ?, ?)');
  const insertInbox = db.prepare('insert into inbox (message_id, user_id) values (?, ?)');
  const checkpoints = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: file });

  let pending: PendingSend[] = [];
  const commit = db.transaction((sends: PendingSend[]) =>
    sends.map(({ userIds, body }) => {
      const key = randomBytes(24).toString('base64');
      const { lastInsertRowid } = insertMessage.run(key, body, Date.now());
      for (const userId of userIds) insertInbox.run(lastInsertRowid, userId);
      return key;
    }),
  );
  const flush = () => {
    const sends = pending;
    pending = [];
    try {
      const keys = commit(sends);
      sends.forEach(({ response }, i) => answer(response, 200, { processQueryKey: keys[i], invalidStaffIdList: [], flowControlledStaffIdList: [] }));
    } catch (error) {
      sends.forEach(({ response }) => answer(response, 500, { message: String(error) }));
    }
  };

  const server = createServer(async (request, response) => {
    if (request.method !== 'POST') return answer(response, 200, { ok: true });
    const body = await readBody(request);
    const userIds = userIdsOf(body);
    if (userIds === undefined) return answer(response, 400, { message: 'a JSON body with userIds is needed' });
    if (pending.length === 0) setImmediate(flush);
    pending.push({ userIds, body, response });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    server,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await checkpoints.terminate();
      db.close();
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

function userIdsOf(body: string): string[] | undefined {
  try {
    const { userIds } = JSON.parse(body) as { userIds?: unknown };
    return Array.isArray(userIds) ? userIds.map(String) : undefined;
  } catch {
    return undefined;
  }
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  response.end(JSON.stringify(body));
}
