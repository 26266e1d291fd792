import type { FastifyInstance } from 'fastify';
import type { ConversationQueryRequest, ConversationRecallRequest, ConversationSendRequest } from '../domain/conversationMessages.js';
import type { PrivateChatMessaging } from '../domain/privateChat.js';
import { conversationSchemas as schemas } from './conversationSchemas.js';
import { grantOf } from './robotAuth.js';

const tags = ['person-to-person chat robot messages'];
const { security } = schemas;

/** privateChatMessages/send, /query and /batchRecall. */
export async function privateChatRoutes(app: FastifyInstance, { privateChat }: { privateChat: PrivateChatMessaging }): Promise<void> {
  app.post<{ Body: ConversationSendRequest }>(
    '/v1.0/robot/privateChatMessages/send',
    { schema: { tags, summary: 'Send a robot message into a person-to-person chat (both members receive it)', security, ...schemas.send } },
    (request) => privateChat.send(grantOf(request), request.body),
  );

  app.post<{ Body: ConversationQueryRequest }>(
    '/v1.0/robot/privateChatMessages/query',
    { schema: { tags, summary: 'Page through the users who read a robot message in a person-to-person chat', security, ...schemas.query } },
    (request) => privateChat.query(grantOf(request), request.body),
  );

  app.post<{ Body: ConversationRecallRequest }>(
    '/v1.0/robot/privateChatMessages/batchRecall',
    { schema: { tags, summary: 'Recall up to 20 robot messages of a person-to-person chat', security, ...schemas.recall } },
    (request) => privateChat.recall(grantOf(request), request.body),
  );
}
