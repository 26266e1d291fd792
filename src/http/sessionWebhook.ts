import type { FastifyInstance } from 'fastify';
import { SessionWebhookRefusal, type SessionWebhooks } from '../domain/sessionWebhooks.js';

/** The sessionWebhook a bot receives with each message posts here. */
export const SESSION_WEBHOOK_PATH = '/robot/sendBySession';

const answerSchema = { type: 'object', properties: { errcode: { type: 'integer' }, errmsg: { type: 'string' } } } as const;

/**
 * `POST /robot/sendBySession?session=…`: the legacy robot API's answer shape,
 * always HTTP 200 with `{errcode, errmsg}`; no access token (a
 * `x-acs-dingtalk-access-token` header is accepted and ignored). Any body is
 * read as JSON whatever its content type; what is not JSON is a bad body (40035).
 */
export async function sessionWebhookRoutes(app: FastifyInstance, { sessionWebhooks }: { sessionWebhooks: SessionWebhooks }): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body.toString()));

  app.post<{ Querystring: { session?: string }; Body: string | undefined }>(
    SESSION_WEBHOOK_PATH,
    {
      schema: {
        tags: ['robot (legacy)'],
        summary: "A robot's reply into the chat a message came from, through the message's sessionWebhook",
        querystring: { type: 'object', properties: { session: { type: 'string' } } },
        response: { 200: answerSchema },
      },
    },
    async (request, reply) => {
      reply.status(200);
      try {
        await sessionWebhooks.reply(request.query.session ?? '', parseBody(request.body));
        return { errcode: 0, errmsg: 'ok' };
      } catch (error) {
        if (error instanceof SessionWebhookRefusal) return { errcode: error.errcode, errmsg: error.errmsg };
        throw error;
      }
    },
  );
}

function parseBody(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
