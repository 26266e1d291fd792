import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
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

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    requests.inc({ method: request.method, route, status: reply.statusCode });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}

/** Health, Prometheus metrics and the OpenAPI document (README, Operations). */
export async function operationsRoutes(app: FastifyInstance, { store, registry }: { store: Store; registry: Registry }): Promise<void> {
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

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
