import type { FastifyInstance } from 'fastify';
import type { Conversations } from '../domain/conversations.js';
import { ApiError } from '../domain/errors.js';
import { MEDIA_SIZE_LIMITS } from '../domain/mediaFiles.js';
import type { UserFileUpload } from '../domain/userAttachments.js';
import { parseChatId, type UserChats } from '../domain/userChats.js';
import { requireUser } from './webSession.js';
import { errorResponses } from './wire.js';

/**
 * Bodies that carry a file in base64: the largest file (20 MB) grows by a third, plus
 * the rest of the body. Larger ones get a 400 before they are read.
 */
export const FILE_BODY_LIMIT = Math.ceil((Math.max(...Object.values(MEDIA_SIZE_LIMITS)) * 4) / 3) + 64 * 1024;

/** A picture or a file a user sends: its name, its bytes in base64, and which it is. */
export const userFileSchema = {
  type: 'object',
  required: ['name', 'contentBase64', 'kind'],
  properties: { name: { type: 'string', minLength: 1 }, contentBase64: { type: 'string' }, kind: { type: 'string', enum: ['picture', 'file'] } },
} as const;

const msgIdResponse = { 200: { type: 'object', properties: { msgId: { type: 'string' } } } } as const;

/** What the composer sends: text, a file, or a picture with text; in a group, the robots picked with `@`. */
interface ComposerBody {
  text?: string;
  file?: UserFileUpload;
  atRobotCodes?: string[];
}

const webErrors = { ...errorResponses, 401: { $ref: 'ErrorBody#' }, 404: { $ref: 'ErrorBody#' } } as const;

const writableRobotsResponse = {
  200: {
    type: 'object',
    properties: {
      robots: { type: 'array', items: { type: 'object', properties: { robotCode: { type: 'string' }, name: { type: 'string' }, chatId: { type: 'string' } } } },
    },
  },
} as const;

/**
 * The web client's composer: the signed-in user writes into a one-to-one robot chat or a group,
 * as `POST /_dingo/say` does (docs/behaviour.md, Conversations and Stream mode); and the robots
 * whose one-to-one chat "New chat" opens.
 */
export async function composerRoutes(app: FastifyInstance, { conversations, chats }: { conversations: Conversations; chats: UserChats }): Promise<void> {
  app.get(
    '/api/robots',
    {
      schema: {
        tags: ['web client'],
        summary: "The enabled robots of the signed-in user's corp, by name: whom a one-to-one chat can start with",
        response: { ...writableRobotsResponse, ...webErrors },
      },
    },
    async (request) => ({ robots: await chats.writableRobots(requireUser(request)) }),
  );

  app.post<{ Params: { chatId: string }; Body: ComposerBody }>(
    '/api/chats/:chatId/messages',
    {
      bodyLimit: FILE_BODY_LIMIT,
      schema: {
        tags: ['web client'],
        summary: 'Write into a one-to-one robot chat or a group: text, a picture or a file; robots receive it (in groups, the mentioned ones)',
        params: { type: 'object', properties: { chatId: { type: 'string' } } },
        body: {
          type: 'object',
          properties: { text: { type: 'string' }, file: userFileSchema, atRobotCodes: { type: 'array', maxItems: 20, items: { type: 'string' } } },
        },
        response: { ...msgIdResponse, ...webErrors },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const chat = parseChatId(request.params.chatId);
      const { text, file, atRobotCodes } = request.body;
      const from = { corpId: user.corpId, userId: user.userId, text, file };
      if (chat?.kind === 'oto') return conversations.say({ ...from, robotCode: chat.robotCode });
      if (chat?.kind === 'group') return conversations.say({ ...from, openConversationId: chat.openConversationId, atRobotCodes });
      throw new ApiError(404, 'chat.notFound', 'There is no such robot chat or group for this user.');
    },
  );
}

/** `POST /_dingo/say`'s body: the composer's, with who writes and where (docs/behaviour.md, Control plane). */
export const sayBodySchema = {
  type: 'object',
  required: ['corpId', 'userId'],
  properties: {
    corpId: { type: 'string', minLength: 1 },
    userId: { type: 'string', minLength: 1 },
    robotCode: { type: 'string', minLength: 1 },
    openConversationId: { type: 'string', minLength: 1 },
    text: { type: 'string' },
    atRobot: { type: 'boolean' },
    file: userFileSchema,
  },
} as const;

export const sayResponseSchema = { ...msgIdResponse, ...errorResponses } as const;
