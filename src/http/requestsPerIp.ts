import type { FastifyInstance } from 'fastify';
import { ApiError } from '../domain/errors.js';

/** The answer to a request over `--requests-per-ip` (docs/behaviour.md, Slow and hostile clients). */
export const TOO_MANY_REQUESTS = 'tooManyRequests';

/**
 * Caps the requests one client address has in progress at once, so that one client cannot hold
 * every connection of the store's pool; 0 leaves them uncapped. The address is Fastify's `request.ip`:
 * the peer's, or behind a trusted proxy the one that proxy appended last to `X-Forwarded-For` (server.ts).
 */
export function capRequestsPerIp(app: FastifyInstance, cap: number): void {
  if (cap === 0) return;
  const inProgress = new Map<string, number>();
  // A callback hook: no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    const address = request.ip;
    const count = inProgress.get(address) ?? 0;
    if (count >= cap) return done(new ApiError(429, TOO_MANY_REQUESTS, `this client already has ${cap} requests in progress, the most one may (--requests-per-ip)`));
    inProgress.set(address, count + 1);
    // 'close' comes once for every response: sent, failed, or its connection lost.
    reply.raw.once('close', () => {
      const left = (inProgress.get(address) ?? 1) - 1;
      if (left === 0) inProgress.delete(address);
      else inProgress.set(address, left);
    });
    done();
  });
}
