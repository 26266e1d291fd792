import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConsoleAccess } from '../domain/consoleAccess.js';
import type { AppEdit, AppSettings, CorpConsole } from '../domain/corpConsole.js';
import type { DeliveryLog } from '../domain/deliveryLog.js';
import { MOBILE_PATTERN } from '../domain/seed.js';
import type { WebSessions } from '../domain/webSessions.js';
import { recallResultSchema } from './oto.js';
import { directorySchema, toDirectory } from './presenters/consoleDirectory.js';
import { loggedMessageSchema, toLoggedMessage } from './presenters/loggedMessage.js';
import { robotReceptionSchema, toRobotReception } from './presenters/robotReception.js';
import { SESSION_COOKIE } from './webSession.js';
import { errorResponses } from './wire.js';

const text = { type: 'string' } as const;
export const nonEmpty = { type: 'string', minLength: 1, maxLength: 256 } as const;
const texts = { type: 'array', items: nonEmpty } as const;
export const tags = ['console (admins; anyone in dev mode)'];
/** Every console call takes `?corpId=`: the corp to work on (the signed-in admin's own when absent). */
const corpQuery = { corpId: nonEmpty } as const;
export const corpOnly = { type: 'object', properties: corpQuery } as const;
export const consoleErrors = { ...errorResponses, 401: { $ref: 'ErrorBody#' }, 404: { $ref: 'ErrorBody#' } };
export const directoryResponses = { 200: directorySchema, ...consoleErrors };
const corpsResponses = { 200: { type: 'object', properties: { corps: { type: 'array', items: { type: 'object', properties: { corpId: text, name: text } } } } }, ...consoleErrors };
const messagesResponses = { 200: { type: 'object', properties: { messages: { type: 'array', items: loggedMessageSchema } } }, ...consoleErrors };
export const keyParam = (name: string) => ({ type: 'object', properties: { [name]: nonEmpty } }) as const;

/** The corp a console call works on: `?corpId=`, or the signed-in admin's own; refused when the caller does not reach it. */
export function corpOfRequest(access: ConsoleAccess): (request: FastifyRequest) => string {
  return (request) => access.corpFor(request.sessionUser, (request.query as { corpId?: string }).corpId);
}

interface ConsoleServices {
  corpConsole: CorpConsole;
  sessions: WebSessions;
  access: ConsoleAccess;
  deliveryLog: DeliveryLog;
}

/** The console's API (web/src/api/contract.ts): a corp's directory, its messages and its robots' deliveries. */
export async function consoleRoutes(app: FastifyInstance, { corpConsole, sessions, access, deliveryLog }: ConsoleServices): Promise<void> {
  const corpOf = corpOfRequest(access);

  app.get(
    '/api/console/corps',
    { schema: { tags, summary: 'The corps whose console the caller reaches (every corp in dev mode)', response: corpsResponses } },
    async (request) => ({ corps: await access.corpsFor(request.sessionUser) }),
  );

  app.get('/api/console/directory', { schema: { tags, summary: 'Everything in the corp', querystring: corpOnly, response: directoryResponses } }, async (request) =>
    toDirectory(await corpConsole.directory(corpOf(request))),
  );

  app.get<{ Params: { robotCode: string } }>(
    '/api/console/robots/:robotCode/reception',
    {
      schema: {
        tags,
        summary: 'How a robot receives, its live Stream connections and its deliveries with every attempt, newest first',
        params: keyParam('robotCode'),
        querystring: corpOnly,
        response: { 200: robotReceptionSchema, ...consoleErrors },
      },
    },
    async (request) => toRobotReception(await deliveryLog.ofCorpRobot(corpOf(request), request.params.robotCode)),
  );

  app.put<{ Params: { userId: string }; Body: { name: string; isAdmin: boolean; password?: string; mobile?: string } }>(
    '/api/console/users/:userId',
    {
      schema: {
        tags,
        summary: 'Create or update a user',
        params: keyParam('userId'),
        querystring: corpOnly,
        body: {
          type: 'object',
          required: ['name', 'isAdmin'],
          properties: { name: nonEmpty, isAdmin: { type: 'boolean' }, password: text, mobile: { anyOf: [{ const: '' }, { type: 'string', pattern: MOBILE_PATTERN }] } },
        },
        response: directoryResponses,
      },
    },
    async (request) => toDirectory(await corpConsole.upsertUser(corpOf(request), request.params.userId, request.body, sessions.sessionHashOf(request.cookies[SESSION_COOKIE]))),
  );

  app.put<{ Params: { robotCode: string }; Body: { name: string; status: 'enabled' | 'stopped' } }>(
    '/api/console/robots/:robotCode',
    {
      schema: {
        tags,
        summary: 'Rename, stop or enable a robot',
        params: keyParam('robotCode'),
        querystring: corpOnly,
        body: { type: 'object', required: ['name', 'status'], properties: { name: nonEmpty, status: { type: 'string', enum: ['enabled', 'stopped'] } } },
        response: directoryResponses,
      },
    },
    async (request) => toDirectory(await corpConsole.updateRobot(corpOf(request), request.params.robotCode, request.body)),
  );

  const appSettings = { type: 'object', required: ['name', 'appSecret', 'permissions'], properties: { name: nonEmpty, appSecret: nonEmpty, permissions: texts } } as const;

  app.post<{ Body: AppSettings }>(
    '/api/console/apps',
    {
      schema: {
        tags,
        summary: 'Create an internal app: Dingo makes its appKey (ding…) and a robot addressed by it',
        querystring: corpOnly,
        body: appSettings,
        response: directoryResponses,
      },
    },
    async (request) => toDirectory(await corpConsole.createApp(corpOf(request), request.body)),
  );

  app.get<{ Params: { appKey: string } }>(
    '/api/console/apps/:appKey/secret',
    {
      schema: {
        tags,
        summary: "An internal app's secret, on an explicit ask (the directory never carries it); never cached",
        params: keyParam('appKey'),
        querystring: corpOnly,
        response: { 200: { type: 'object', properties: { appSecret: text } }, ...consoleErrors },
      },
    },
    // Never cached: every /api answer is `Cache-Control: no-store` (securityHeaders.ts).
    async (request) => ({ appSecret: await corpConsole.appSecret(corpOf(request), request.params.appKey) }),
  );

  app.put<{ Params: { appKey: string }; Body: AppEdit }>(
    '/api/console/apps/:appKey',
    {
      schema: {
        tags,
        summary: "Update an internal app of the corp (any other appKey: 404, whether it exists elsewhere or not); absent appSecret keeps it, a new one ends the app's tokens",
        params: keyParam('appKey'),
        querystring: corpOnly,
        body: { type: 'object', required: ['name', 'permissions'], properties: { name: nonEmpty, appSecret: nonEmpty, permissions: texts } },
        response: directoryResponses,
      },
    },
    async (request) => toDirectory(await corpConsole.updateApp(corpOf(request), request.params.appKey, request.body)),
  );

  app.put<{ Params: { coolAppCode: string }; Body: { robotCode: string } }>(
    '/api/console/cool-apps/:coolAppCode',
    {
      schema: {
        tags,
        summary: 'Create or update a cool app',
        params: keyParam('coolAppCode'),
        querystring: corpOnly,
        body: { type: 'object', required: ['robotCode'], properties: { robotCode: nonEmpty } },
        response: directoryResponses,
      },
    },
    async (request) => toDirectory(await corpConsole.upsertCoolApp(corpOf(request), request.params.coolAppCode, request.body)),
  );

  app.put<{ Params: { openConversationId: string }; Body: { members: string[]; coolApps: string[] } }>(
    '/api/console/private-chats/:openConversationId',
    {
      schema: {
        tags,
        summary: 'Create or update a person-to-person chat',
        params: keyParam('openConversationId'),
        querystring: corpOnly,
        body: { type: 'object', required: ['members', 'coolApps'], properties: { members: texts, coolApps: texts } },
        response: directoryResponses,
      },
    },
    async (request) =>
      toDirectory(await corpConsole.upsertPrivateChat(corpOf(request), request.params.openConversationId, request.body)),
  );

  app.put<{ Params: { openConversationId: string }; Body: { title: string; owner: string; members: string[]; robots: string[] } }>(
    '/api/console/groups/:openConversationId',
    {
      schema: {
        tags,
        summary: 'Create or update a group: its title, owner, members and installed robots',
        params: keyParam('openConversationId'),
        querystring: corpOnly,
        body: {
          type: 'object',
          required: ['title', 'owner', 'members', 'robots'],
          properties: { title: nonEmpty, owner: nonEmpty, members: { ...texts, minItems: 1 }, robots: texts },
        },
        response: directoryResponses,
      },
    },
    async (request) => toDirectory(await corpConsole.upsertGroup(corpOf(request), request.params.openConversationId, request.body)),
  );

  app.get<{ Querystring: { robotCode?: string; userId?: string; status?: 'sent' | 'recalled'; limit?: string } }>(
    '/api/console/messages',
    {
      schema: {
        tags,
        summary: "The corp's messages, newest first, with each recipient's read state",
        querystring: {
          type: 'object',
          properties: { ...corpQuery, robotCode: nonEmpty, userId: nonEmpty, status: { type: 'string', enum: ['sent', 'recalled'] }, limit: { type: 'string', pattern: '^[0-9]{1,3}$' } },
        },
        response: messagesResponses,
      },
    },
    async (request) => {
      const { robotCode, userId, status, limit } = request.query;
      const messages = await corpConsole.messageLog(corpOf(request), {
        robotCode,
        userId,
        status,
        limit: Math.min(Math.max(Number(limit ?? 100), 1), 500),
      });
      return { messages: messages.map(toLoggedMessage) };
    },
  );

  app.post<{ Body: { processQueryKey: string } }>(
    '/api/console/messages/recall',
    {
      schema: {
        tags,
        summary: 'Recall a message as its robot would (24-hour rule included)',
        querystring: corpOnly,
        body: { type: 'object', required: ['processQueryKey'], properties: { processQueryKey: nonEmpty } },
        response: { 200: recallResultSchema, ...consoleErrors },
      },
    },
    async (request) => corpConsole.recall(corpOf(request), request.body.processQueryKey),
  );
}
