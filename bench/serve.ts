import { createServer } from 'node:http';
import { startLimitServer } from './limitServer.js';

/**
 * The bench's reference servers, each started in its own process (as Dingo is) so that
 * autocannon, in the bench's process, never shares their thread:
 *   serve.ts bare <port>          the bare node:http server, the baseline
 *   serve.ts limit <port> <file>  the durable-write limit server on an SQLite file
 */
const [kind, port, file] = process.argv.slice(2);
if (kind === 'bare') {
  const answer = JSON.stringify({ processQueryKey: 'bare', invalidStaffIdList: [], flowControlledStaffIdList: [] });
  createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
      response.end(answer);
    });
  }).listen(Number(port), '127.0.0.1');
} else if (kind === 'limit' && file !== undefined) {
  await startLimitServer(file, Number(port));
} else {
  console.error('usage: serve.ts bare <port> | serve.ts limit <port> <sqlite file>');
  process.exit(2);
}
