import type { FastifyInstance } from 'fastify';
import type { BotDeliveries } from '../domain/botDeliveries.js';
import type { Conversations, UserSay } from '../domain/conversations.js';
import type { CacheInvalidation } from '../events/cacheInvalidation.js';
import type { PlatformLimits } from '../domain/platformLimits.js';
import type { StoredClockOffset } from '../domain/storedClockOffset.js';
import type { RobotMessages } from '../domain/robotMessages.js';
import type { CertificateAuthority } from '../transparent/certificateAuthority.js';
import { type PushControlServices, pushControlRoutes } from './controlPushes.js';
import { FILE_BODY_LIMIT, sayBodySchema, sayResponseSchema } from './composer.js';
import { inboxEntrySchema, toInboxEntry } from './presenters/inboxEntry.js';
import { emptyBodyRefusal, errorResponses, isoTime } from './wire.js';

const text = { type: 'string', minLength: 1 } as const;
const tags = ['control plane (dev mode)'];
const ok = { 200: { type: 'object', properties: { ok: { type: 'boolean' } } }, ...errorResponses };

interface ControlPlaneServices extends PushControlServices {
  clockOffset: StoredClockOffset;
  messages: RobotMessages;
  limits: PlatformLimits;
  conversations: Conversations;
  botDeliveries: BotDeliveries;
  caches: CacheInvalidation;
  /** Transparent mode's CA, served to download; undefined when transparent mode is off. */
  certificateAuthority: CertificateAuthority | undefined;
}

/** The dev-mode control plane (README, Dev mode), mounted under `/_dingo` only with `--dev`. */
export async function controlRoutes(
  app: FastifyInstance,
  { clockOffset, messages, limits, conversations, botDeliveries, caches, certificateAuthority, ...pushControl }: ControlPlaneServices,
): Promise<void> {
  readBodiesAsJson(app);
  await app.register(pushControlRoutes, pushControl);

  if (certificateAuthority !== undefined) {
    app.get(
      '/_dingo/ca.pem',
      {
        schema: {
          tags,
          summary: "Dingo's CA certificate (PEM), for clients to trust in transparent mode (NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, SSL_CERT_FILE)",
          produces: ['application/x-pem-file'],
          response: { 200: { type: 'string' } },
        },
      },
      async (_request, reply) => reply.type('application/x-pem-file').send(certificateAuthority.certificatePem()),
    );
  }

  app.post<{ Body: { advanceMs: number } }>(
    '/_dingo/clock',
    {
      schema: {
        tags,
        summary: 'Move the clock forward',
        body: {
          type: 'object',
          required: ['advanceMs'],
          properties: { advanceMs: { type: 'integer', minimum: 0, maximum: 10 * 365 * 24 * 3600_000 } },
        },
        response: { 200: { type: 'object', properties: { now: { type: 'string' } } }, ...errorResponses },
      },
    },
    async (request) => ({ now: isoTime(await clockOffset.advance(request.body.advanceMs)) }),
  );

  app.post<{ Body: { corpId: string; userId: string; processQueryKey: string } }>(
    '/_dingo/read',
    {
      schema: {
        tags,
        summary: "Mark a user's copy of a message read, as if they opened the chat",
        body: {
          type: 'object',
          required: ['corpId', 'userId', 'processQueryKey'],
          properties: { corpId: text, userId: text, processQueryKey: text },
        },
        response: ok,
      },
    },
    async (request) => {
      const { corpId, userId, processQueryKey } = request.body;
      await messages.markRead(corpId, userId, processQueryKey);
      return { ok: true };
    },
  );

  app.get<{ Querystring: { corpId: string; userId: string } }>(
    '/_dingo/inbox',
    {
      schema: {
        tags,
        summary: 'What a user sees now, oldest first (recalled messages absent)',
        querystring: { type: 'object', required: ['corpId', 'userId'], properties: { corpId: text, userId: text } },
        response: { 200: { type: 'object', properties: { messages: { type: 'array', items: inboxEntrySchema } } }, ...errorResponses },
      },
    },
    async (request) => ({ messages: (await messages.inbox(request.query.corpId, request.query.userId)).map(toInboxEntry) }),
  );

  app.post<{ Body: UserSay }>(
    '/_dingo/say',
    {
      bodyLimit: FILE_BODY_LIMIT,
      schema: {
        tags,
        summary: "A user writes to a robot (robotCode) or into a group (openConversationId), exactly as the web client's composer does; the robots it reaches receive it",
        body: sayBodySchema,
        response: sayResponseSchema,
      },
    },
    async (request) => conversations.say(request.body),
  );

  app.post('/_dingo/reset', { schema: { tags, summary: 'Delete every message and delivery, reset the platform-limit counters and the failed-attempt counts, and remove injected faults (the directory stays)', response: ok } }, async () => {
    await botDeliveries.settled();
    await messages.store.messages.deleteAll();
    await messages.store.conversations.deleteAll();
    await messages.store.botDeliveries.deleteAll();
    await limits.reset();
    await messages.store.failedAttempts.deleteAll();
    pushControl.faults.clear();
    caches.invalidateAll();
    return { ok: true };
  });
}

/**
 * The control plane is called by hand with curl, which labels `-d` bodies
 * `application/x-www-form-urlencoded` and sends none with a bare `-X POST`: any body is
 * read as JSON whatever its content type, and an empty one is no body, which only
 * `/_dingo/reset` accepts (docs/behaviour.md, Control plane). Encapsulated in this
 * plugin: the robot API keeps DingTalk's wire rules.
 */
function readBodiesAsJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body !== undefined) {
      throw emptyBodyRefusal();
    }
  });
}
