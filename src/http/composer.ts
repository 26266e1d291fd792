import type { FastifyInstance } from 'fastify';
import type { Conversations } from '../domain/conversations.js';
import { ApiError } from '../domain/errors.js';
import { parseChatId } from '../domain/userChats.js';
import { requireUser } from './webSession.js';
import { errorResponses } from './wire.js';

/** The web client's composer: the signed-in user writes into a one-to-one robot chat, as `POST /_dingo/say` does. */
export async function composerRoutes(app: FastifyInstance, { conversations }: { conversations: Conversations }): Promise<void> {
  app.post<{ Params: { chatId: string }; Body: { text: string } }>(
    '/api/chats/:chatId/messages',
    {
      schema: {
        tags: ['web client'],
        summary: 'Write a text into a one-to-one robot chat; the robot receives it',
        params: { type: 'object', properties: { chatId: { type: 'string' } } },
        body: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
        response: { 200: { type: 'object', properties: { msgId: { type: 'string' } } }, ...errorResponses, 401: { $ref: 'ErrorBody#' }, 404: { $ref: 'ErrorBody#' } },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const chat = parseChatId(request.params.chatId);
      if (chat?.kind !== 'oto') throw new ApiError(404, 'chat.notFound', 'There is no such robot chat for this user.');
      return conversations.say({ corpId: user.corpId, userId: user.userId, robotCode: chat.robotCode, text: request.body.text });
    },
  );
}
