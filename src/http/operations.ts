import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { MetricsAccess } from '../config.js';
import { ApiError } from '../domain/errors.js';
import type { Store } from '../store/store.js';
import { SERVICE_UNAVAILABLE } from './wire.js';

/**
 * Counts and times every request `app` answers, by route (unknown paths as one
 * route) into `registry`. Call it on the root instance: a hook added inside a plugin would see only that plugin's routes.
 */
export function measureRequests(app: FastifyInstance, registry: Registry): void {
  const requests = new Counter({
    name: 'dingo_http_requests_total',
    help: 'HTTP requests answered, by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'dingo_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });

  // A callback hook: no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unknown';
    requests.inc({ method: request.method, route, status: reply.statusCode });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
}

/** A client on this machine, asking directly (no proxy forwarded it). */
function isDirectLoopbackClient(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress ?? '';
  const loopback = address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
  return loopback && request.headers['x-forwarded-for'] === undefined;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Who may read `/metrics` (`--metrics`, docs/behaviour.md, Metrics): nobody (404 as for any unknown
 * path), direct loopback clients, or requests with the bearer token (compared in constant time);
 * in dev mode direct loopback clients always may.
 */
function admitToMetrics(request: FastifyRequest, access: MetricsAccess, dev: boolean): void {
  if (dev && isDirectLoopbackClient(request)) return;
  if (access.kind === 'off') throw new ApiError(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method: ${request.method} /metrics`);
  if (access.kind === 'loopback' && isDirectLoopbackClient(request)) return;
  if (access.kind === 'bearer' && timingSafeEqual(sha256(request.headers.authorization ?? ''), sha256(`Bearer ${access.token}`))) return;
  throw new ApiError(403, 'Forbidden.AccessDenied', access.kind === 'bearer' ? '/metrics needs its bearer token (--metrics).' : '/metrics answers only clients on this machine (--metrics).');
}

/** Health, Prometheus metrics and the OpenAPI document (README, Operations). */
export async function operationsRoutes(
  app: FastifyInstance,
  { store, registry, metrics, dev }: { store: Store; registry: Registry; metrics: MetricsAccess; dev: boolean },
): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await store.ping();
      return { status: 'ok' };
    } catch (error) {
      // In the error envelope, with the reason a load balancer's log can show.
      return reply.code(503).send({
        code: SERVICE_UNAVAILABLE.code,
        message: SERVICE_UNAVAILABLE.message,
        requestid: request.id,
        status: 'unavailable',
        reason: (error as Error).message,
      });
    }
  });

  app.get('/metrics', { schema: { hide: true }, onRequest: async (request) => admitToMetrics(request, metrics, dev) }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
