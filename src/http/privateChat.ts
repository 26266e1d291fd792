import type { FastifyInstance } from 'fastify';
import type { PrivateChatMessaging, PrivateChatQueryRequest, PrivateChatSendRequest } from '../domain/privateChat.js';
import { recallResultSchema } from './oto.js';
import { grantOf } from './robotAuth.js';
import { errorResponses } from './wire.js';

const text = { type: 'string' } as const;
const tags = ['person-to-person chat robot messages'];
const security = [{ accessToken: [] }];

/** privateChatMessages/send, /query and /batchRecall. */
export async function privateChatRoutes(app: FastifyInstance, { privateChat }: { privateChat: PrivateChatMessaging }): Promise<void> {
  app.post<{ Body: PrivateChatSendRequest }>(
    '/v1.0/robot/privateChatMessages/send',
    {
      schema: {
        tags,
        summary: 'Send a robot message into a person-to-person chat (both members receive it)',
        security,
        body: {
          type: 'object',
          properties: {
            openConversationId: text,
            robotCode: text,
            coolAppCode: text,
            msgKey: text,
            msgParam: { description: 'a string holding a JSON object' },
          },
        },
        response: { 200: { type: 'object', required: ['processQueryKey'], properties: { processQueryKey: text } }, ...errorResponses },
      },
    },
    (request) => privateChat.send(grantOf(request), request.body),
  );

  app.post<{ Body: PrivateChatQueryRequest }>(
    '/v1.0/robot/privateChatMessages/query',
    {
      schema: {
        tags,
        summary: 'Page through the users who read a robot message in a person-to-person chat',
        security,
        body: {
          type: 'object',
          properties: {
            openConversationId: text,
            robotCode: text,
            processQueryKey: text,
            maxResults: { type: 'integer', description: 'page size, default and maximum 200' },
            nextToken: { type: 'string', description: 'opaque token of the previous page' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['sendStatus', 'readUserIds', 'hasMore'],
            properties: {
              sendStatus: { type: 'string', enum: ['SUCCESS', 'RECALLED'] },
              readUserIds: { type: 'array', items: text },
              nextToken: text,
              hasMore: { type: 'boolean' },
            },
          },
          ...errorResponses,
        },
      },
    },
    (request) => privateChat.query(grantOf(request), request.body),
  );

  app.post<{ Body: { openConversationId?: string; robotCode?: string; processQueryKeys?: string[] } }>(
    '/v1.0/robot/privateChatMessages/batchRecall',
    {
      schema: {
        tags,
        summary: 'Recall up to 20 robot messages of a person-to-person chat',
        security,
        body: {
          type: 'object',
          properties: { openConversationId: text, robotCode: text, processQueryKeys: { type: 'array', items: text } },
        },
        response: { 200: recallResultSchema, ...errorResponses },
      },
    },
    (request) => privateChat.batchRecall(grantOf(request), request.body),
  );
}
