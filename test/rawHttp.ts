import { connect } from 'node:net';
import type { TestDingo } from './harness.js';

/** Sends raw bytes and returns the raw answer once the server closes, for requests no HTTP client would send. */
export function rawRequest(dingo: TestDingo, bytes: string): Promise<string> {
  const { hostname, port } = new URL(dingo.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(bytes);
  });
}
