import type { FastifyInstance } from 'fastify';
import type { SessionWebhooks } from '../domain/sessionWebhooks.js';
import { LEGACY_ANSWER_SCHEMA, LEGACY_OK, parseJsonBody, readEveryBodyAsText } from './legacyRobotWire.js';
import { answerRefusalsInLegacyForm } from './legacyWire.js';

/** The sessionWebhook a bot receives with each message posts here. */
export const SESSION_WEBHOOK_PATH = '/robot/sendBySession';

/**
 * `POST /robot/sendBySession?session=…`: the legacy robot API's answer shape,
 * always HTTP 200 with `{errcode, errmsg}`; no access token (a
 * `x-acs-dingtalk-access-token` header is accepted and ignored). Any body is
 * read as JSON whatever its content type; what is not JSON is a bad body (40035).
 */
export async function sessionWebhookRoutes(app: FastifyInstance, { sessionWebhooks }: { sessionWebhooks: SessionWebhooks }): Promise<void> {
  answerRefusalsInLegacyForm(app);
  readEveryBodyAsText(app);
  app.post<{ Querystring: { session?: string }; Body: string | undefined }>(
    SESSION_WEBHOOK_PATH,
    {
      schema: {
        tags: ['robot (legacy)'],
        summary: "A robot's reply into the chat a message came from, through the message's sessionWebhook",
        querystring: { type: 'object', properties: { session: { type: 'string' } } },
        response: { 200: LEGACY_ANSWER_SCHEMA },
      },
    },
    async (request, reply) => {
      reply.status(200);
      await sessionWebhooks.reply(request.query.session ?? '', parseJsonBody(request.body));
      return LEGACY_OK;
    },
  );
}
