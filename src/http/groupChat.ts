import type { FastifyInstance } from 'fastify';
import type { ConversationQueryRequest, ConversationRecallRequest, ConversationSendRequest } from '../domain/conversationMessages.js';
import type { GroupMessaging } from '../domain/groupChat.js';
import { conversationSchemas as schemas } from './conversationSchemas.js';
import { grantOf } from './robotAuth.js';

const tags = ['group chat robot messages'];
const { security } = schemas;

/** groupMessages/send, /query and /recall (the official SDK's orgGroupSend, orgGroupQuery, orgGroupRecall). */
export async function groupChatRoutes(app: FastifyInstance, { groupChat }: { groupChat: GroupMessaging }): Promise<void> {
  app.post<{ Body: ConversationSendRequest }>(
    '/v1.0/robot/groupMessages/send',
    { schema: { tags, summary: 'Send a robot message into a group (every member receives it)', security, ...schemas.send } },
    (request) => groupChat.send(grantOf(request), request.body),
  );

  app.post<{ Body: ConversationQueryRequest }>(
    '/v1.0/robot/groupMessages/query',
    { schema: { tags, summary: 'Page through the members who read a robot message in a group', security, ...schemas.query } },
    (request) => groupChat.query(grantOf(request), request.body),
  );

  app.post<{ Body: ConversationRecallRequest }>(
    '/v1.0/robot/groupMessages/recall',
    { schema: { tags, summary: 'Recall up to 20 robot messages of a group', security, ...schemas.recall } },
    (request) => groupChat.recall(grantOf(request), request.body),
  );
}
