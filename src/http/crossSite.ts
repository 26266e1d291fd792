import type { FastifyInstance } from 'fastify';
import { ApiError } from '../domain/errors.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses writes that a browser sends on behalf of another site (CSRF), on the
 * endpoints that trust a cookie or nothing at all: the web API and the dev
 * control plane. Browsers say where a request comes from (`Sec-Fetch-Site`,
 * `Origin`); bots and test suites send neither and are unaffected.
 */
export function refuseCrossSiteWrites(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!WRITES.has(request.method)) return;
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    const foreignOrigin = origin !== undefined && hostOf(origin) !== request.headers.host;
    if (site === 'cross-site' || site === 'same-site' || foreignOrigin) {
      throw new ApiError(403, 'Forbidden.AccessDenied', 'Requests from another site may not change anything here.');
    }
  });
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
