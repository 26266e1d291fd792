import type { FastifyInstance } from 'fastify';
import type { ConsoleDirectory, CorpConsole, LoggedMessage } from '../domain/corpConsole.js';
import { MOBILE_PATTERN } from '../domain/seed.js';
import { recallResultSchema } from './oto.js';
import { requireAdmin } from './webSession.js';
import { errorResponses, isoTime, isoTimeOrNull } from './wire.js';

const text = { type: 'string' } as const;
const nonEmpty = { type: 'string', minLength: 1, maxLength: 256 } as const;
const texts = { type: 'array', items: nonEmpty } as const;
const tags = ['console (admins)'];
const consoleErrors = { ...errorResponses, 401: { $ref: 'ErrorBody#' }, 404: { $ref: 'ErrorBody#' } };
const permissions = { type: 'array', items: text } as const;
const object = (properties: Record<string, unknown>) => ({ type: 'object', properties }) as const;
const list = (properties: Record<string, unknown>) => ({ type: 'array', items: object(properties) }) as const;
const isoOrNullSchema = { type: ['string', 'null'] } as const;

const directorySchema = object({
  corp: object({ corpId: text, name: text }),
  users: list({ userId: text, name: text, isAdmin: { type: 'boolean' }, hasPassword: { type: 'boolean' }, mobile: { type: ['string', 'null'] } }),
  apps: list({ appKey: text, appSecret: text, name: text, permissions }),
  suites: list({ suiteKey: text, name: text, permissions }),
  robots: list({
    robotCode: text,
    name: text,
    appKey: text,
    status: { type: 'string', enum: ['enabled', 'stopped'] },
    receive: { type: 'string', enum: ['stream', 'http', 'none'] },
    callbackUrl: { type: ['string', 'null'] },
  }),
  coolApps: list({ coolAppCode: text, robotCode: text }),
  privateChats: list({ openConversationId: text, members: permissions, coolApps: permissions }),
  groups: list({ openConversationId: text, title: text, owner: text, members: permissions, robots: permissions }),
});
const directoryResponses = { 200: directorySchema, ...consoleErrors };
const messagesResponses = {
  200: object({
    messages: list({
      processQueryKey: text,
      robotCode: text,
      chatKind: { type: 'string', enum: ['oto', 'p2p', 'group'] },
      openConversationId: { type: ['string', 'null'] },
      msgKey: text,
      msgParam: text,
      createdAt: text,
      recalledAt: isoOrNullSchema,
      recipients: list({ userId: text, name: text, readStatus: { type: 'string', enum: ['READ', 'UNREAD'] }, readAt: isoOrNullSchema }),
    }),
  }),
  ...consoleErrors,
};
const keyParam = (name: string) => ({ type: 'object', properties: { [name]: nonEmpty } }) as const;

/** The console's API (web/src/api/contract.ts): an admin's corp, its directory and its messages. */
export async function consoleRoutes(app: FastifyInstance, { corpConsole }: { corpConsole: CorpConsole }): Promise<void> {
  app.get('/api/console/directory', { schema: { tags, summary: "Everything in the admin's corp", response: directoryResponses } }, async (request) =>
    toDirectory(await corpConsole.directory(requireAdmin(request).corpId)),
  );

  app.put<{ Params: { userId: string }; Body: { name: string; isAdmin: boolean; password?: string; mobile?: string } }>(
    '/api/console/users/:userId',
    {
      schema: {
        tags,
        summary: 'Create or update a user',
        params: keyParam('userId'),
        body: {
          type: 'object',
          required: ['name', 'isAdmin'],
          properties: { name: nonEmpty, isAdmin: { type: 'boolean' }, password: text, mobile: { anyOf: [{ const: '' }, { type: 'string', pattern: MOBILE_PATTERN }] } },
        },
        response: directoryResponses,
      },
    },
    async (request) => toDirectory(await corpConsole.upsertUser(requireAdmin(request).corpId, request.params.userId, request.body)),
  );

  app.put<{ Params: { robotCode: string }; Body: { name: string; status: 'enabled' | 'stopped' } }>(
    '/api/console/robots/:robotCode',
    {
      schema: {
        tags,
        summary: 'Rename, stop or enable a robot',
        params: keyParam('robotCode'),
        body: { type: 'object', required: ['name', 'status'], properties: { name: nonEmpty, status: { type: 'string', enum: ['enabled', 'stopped'] } } },
        response: directoryResponses,
      },
    },
    async (request) => toDirectory(await corpConsole.updateRobot(requireAdmin(request).corpId, request.params.robotCode, request.body)),
  );

  app.put<{ Params: { appKey: string }; Body: { name: string; appSecret: string; permissions: string[] } }>(
    '/api/console/apps/:appKey',
    {
      schema: {
        tags,
        summary: 'Create or update an internal app (a new app gets a robot addressed by its appKey)',
        params: keyParam('appKey'),
        body: { type: 'object', required: ['name', 'appSecret', 'permissions'], properties: { name: nonEmpty, appSecret: nonEmpty, permissions: texts } },
        response: directoryResponses,
      },
    },
    async (request) => toDirectory(await corpConsole.upsertApp(requireAdmin(request).corpId, request.params.appKey, request.body)),
  );

  app.put<{ Params: { coolAppCode: string }; Body: { robotCode: string } }>(
    '/api/console/cool-apps/:coolAppCode',
    {
      schema: {
        tags,
        summary: 'Create or update a cool app',
        params: keyParam('coolAppCode'),
        body: { type: 'object', required: ['robotCode'], properties: { robotCode: nonEmpty } },
        response: directoryResponses,
      },
    },
    async (request) => toDirectory(await corpConsole.upsertCoolApp(requireAdmin(request).corpId, request.params.coolAppCode, request.body)),
  );

  app.put<{ Params: { openConversationId: string }; Body: { members: string[]; coolApps: string[] } }>(
    '/api/console/private-chats/:openConversationId',
    {
      schema: {
        tags,
        summary: 'Create or update a person-to-person chat',
        params: keyParam('openConversationId'),
        body: { type: 'object', required: ['members', 'coolApps'], properties: { members: texts, coolApps: texts } },
        response: directoryResponses,
      },
    },
    async (request) =>
      toDirectory(await corpConsole.upsertPrivateChat(requireAdmin(request).corpId, request.params.openConversationId, request.body)),
  );

  app.put<{ Params: { openConversationId: string }; Body: { title: string; owner: string; members: string[]; robots: string[] } }>(
    '/api/console/groups/:openConversationId',
    {
      schema: {
        tags,
        summary: 'Create or update a group: its title, owner, members and installed robots',
        params: keyParam('openConversationId'),
        body: {
          type: 'object',
          required: ['title', 'owner', 'members', 'robots'],
          properties: { title: nonEmpty, owner: nonEmpty, members: { ...texts, minItems: 1 }, robots: texts },
        },
        response: directoryResponses,
      },
    },
    async (request) => toDirectory(await corpConsole.upsertGroup(requireAdmin(request).corpId, request.params.openConversationId, request.body)),
  );

  app.get<{ Querystring: { robotCode?: string; userId?: string; status?: 'sent' | 'recalled'; limit?: string } }>(
    '/api/console/messages',
    {
      schema: {
        tags,
        summary: "The corp's messages, newest first, with each recipient's read state",
        querystring: {
          type: 'object',
          properties: { robotCode: nonEmpty, userId: nonEmpty, status: { type: 'string', enum: ['sent', 'recalled'] }, limit: { type: 'string', pattern: '^[0-9]{1,3}$' } },
        },
        response: messagesResponses,
      },
    },
    async (request) => {
      const { robotCode, userId, status, limit } = request.query;
      const messages = await corpConsole.messageLog(requireAdmin(request).corpId, {
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
        body: { type: 'object', required: ['processQueryKey'], properties: { processQueryKey: nonEmpty } },
        response: { 200: recallResultSchema, ...consoleErrors },
      },
    },
    async (request) => corpConsole.recall(requireAdmin(request).corpId, request.body.processQueryKey),
  );
}

function toDirectory(directory: ConsoleDirectory) {
  return {
    corp: directory.corp,
    users: directory.users.map((u) => ({ userId: u.userId, name: u.name, isAdmin: u.isAdmin, hasPassword: u.passwordHash !== null, mobile: u.mobile })),
    apps: directory.apps.map(({ appKey, appSecret, name, permissions }) => ({ appKey, appSecret, name, permissions })),
    suites: directory.suites,
    robots: directory.robots.map(({ robotCode, name, appKey, status, receive, callbackUrl }) => ({ robotCode, name, appKey, status, receive, callbackUrl })),
    coolApps: directory.coolApps,
    privateChats: directory.privateChats,
    groups: directory.groups,
  };
}

function toLoggedMessage(message: LoggedMessage) {
  return {
    processQueryKey: message.processQueryKey,
    robotCode: message.robotCode,
    chatKind: message.chatKind,
    openConversationId: message.openConversationId,
    msgKey: message.msgKey,
    msgParam: message.msgParam,
    createdAt: isoTime(message.createdAt),
    recalledAt: isoTimeOrNull(message.recalledAt),
    recipients: message.recipients.map((r) => ({
      userId: r.userId,
      name: r.name,
      readStatus: r.readAt === null ? 'UNREAD' : 'READ',
      readAt: isoTimeOrNull(r.readAt),
    })),
  };
}
