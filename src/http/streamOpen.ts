import type { FastifyInstance } from 'fastify';
import type { StreamTickets } from '../domain/streamTickets.js';
import { STREAM_GATEWAY_PATH, webSocketUrlOf } from '../gateway/streamGateway.js';
import type { PublicUrl } from '../publicUrl.js';
import { errorResponses } from './wire.js';

const nonEmpty = { type: 'string', minLength: 1 } as const;

/**
 * `POST /v1.0/gateway/connections/open`: an app's credentials for a Stream
 * socket's endpoint and single-use ticket. Authenticated by the body, not by an
 * access token, so it stays outside the robot routes' guard.
 */
export async function streamOpenRoutes(app: FastifyInstance, { tickets, publicUrl }: { tickets: StreamTickets; publicUrl: PublicUrl }): Promise<void> {
  app.post<{ Body: { clientId: string; clientSecret: string; subscriptions: Array<{ type: string; topic: string }> } }>(
    '/v1.0/gateway/connections/open',
    {
      schema: {
        tags: ['stream mode'],
        summary: 'Open a Stream connection: the WebSocket endpoint and a single-use ticket (90 s)',
        body: {
          type: 'object',
          required: ['clientId', 'clientSecret', 'subscriptions'],
          properties: {
            clientId: nonEmpty,
            clientSecret: nonEmpty,
            subscriptions: {
              type: 'array',
              maxItems: 100,
              items: { type: 'object', required: ['type', 'topic'], properties: { type: { type: 'string', enum: ['EVENT', 'CALLBACK', 'SYSTEM'] }, topic: nonEmpty } },
            },
            ua: { type: 'string' },
            localIp: { type: 'string' },
          },
        },
        response: { 200: { type: 'object', properties: { endpoint: { type: 'string' }, ticket: { type: 'string' } } }, ...errorResponses },
      },
    },
    async (request) => {
      const { clientId, clientSecret, subscriptions } = request.body;
      const ticket = await tickets.issue(clientId, clientSecret, subscriptions);
      return { endpoint: webSocketUrlOf(publicUrl.to(STREAM_GATEWAY_PATH)), ticket };
    },
  );
}
