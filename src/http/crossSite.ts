import type { FastifyInstance } from 'fastify';
import { ApiError } from '../domain/errors.js';
import type { AllowedHosts } from './allowedHosts.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses writes that a browser sends on behalf of another site (CSRF), on the
 * endpoints that trust a cookie or nothing at all: the web API and the dev
 * control plane. Browsers say where a request comes from (`Sec-Fetch-Site`,
 * `Origin`); bots and test suites send neither and are unaffected. `Origin` is
 * compared with the origins Dingo's pages have (AllowedHosts), never with the
 * request's own `Host`, which a rebound name makes match.
 */
export function refuseCrossSiteWrites(app: FastifyInstance, allowedHosts: AllowedHosts): void {
  app.addHook('onRequest', async (request) => {
    if (!WRITES.has(request.method)) return;
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    const foreignOrigin = origin !== undefined && !allowedHosts.allowsOrigin(origin);
    if (site === 'cross-site' || site === 'same-site' || foreignOrigin) {
      throw new ApiError(403, 'Forbidden.AccessDenied', 'Requests from another site may not change anything here.');
    }
  });
}

