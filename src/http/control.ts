import type { FastifyInstance } from 'fastify';
import type { OffsetClock } from '../clock.js';
import { errorResponses } from './wire.js';

/** The dev-mode control plane of DESIGN §8, mounted under `/_dingo` only with `--dev`. */
export async function controlRoutes(app: FastifyInstance, { clock }: { clock: OffsetClock }): Promise<void> {
  app.post<{ Body: { advanceMs: number } }>(
    '/_dingo/clock',
    {
      schema: {
        tags: ['control plane (dev mode)'],
        summary: 'Move the clock forward',
        body: {
          type: 'object',
          required: ['advanceMs'],
          properties: { advanceMs: { type: 'integer', minimum: 0, maximum: 10 * 365 * 24 * 3600_000 } },
        },
        response: { 200: { type: 'object', properties: { now: { type: 'string' } } }, ...errorResponses },
      },
    },
    async (request) => ({ now: new Date(clock.advance(request.body.advanceMs)).toISOString() }),
  );
}
