import { recallResultSchema } from './oto.js';
import { errorResponses } from './wire.js';

const text = { type: 'string' } as const;

/**
 * The bodies and answers of the endpoints of chats with an `openConversationId`
 * (privateChatMessages/*, groupMessages/*): the same shapes for both kinds.
 */
export const conversationSchemas = {
  security: [{ accessToken: [] }],
  send: {
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
  query: {
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
  recall: {
    body: {
      type: 'object',
      properties: { openConversationId: text, robotCode: text, processQueryKeys: { type: 'array', items: text } },
    },
    response: { 200: recallResultSchema, ...errorResponses },
  },
} as const;
