import type { FastifyInstance } from 'fastify';
import type { BatchSendRequest, OneToOneMessaging } from '../domain/oneToOne.js';
import { grantOf } from './robotAuth.js';
import { errorResponses } from './wire.js';

const text = { type: 'string' } as const;
const texts = { type: 'array', items: text } as const;
const security = [{ accessToken: [] }];

/** Seed pages 004, 003 and 000; note the path spellings `oToMessages` and `otoMessages`. */
export async function oneToOneRoutes(app: FastifyInstance, { oneToOne }: { oneToOne: OneToOneMessaging }): Promise<void> {
  app.post<{ Body: BatchSendRequest }>(
    '/v1.0/robot/oToMessages/batchSend',
    {
      schema: {
        tags: ['one-to-one robot messages'],
        summary: 'Send one robot message to up to 20 users',
        security,
        body: {
          type: 'object',
          properties: { robotCode: text, userIds: texts, msgKey: text, msgParam: { description: 'a string holding a JSON object' } },
        },
        response: {
          200: {
            type: 'object',
            required: ['processQueryKey', 'invalidStaffIdList', 'flowControlledStaffIdList'],
            properties: { processQueryKey: text, invalidStaffIdList: texts, flowControlledStaffIdList: texts },
          },
          ...errorResponses,
        },
      },
    },
    (request) => oneToOne.batchSend(grantOf(request), request.body),
  );

  app.get<{ Querystring: { robotCode?: string; processQueryKey?: string } }>(
    '/v1.0/robot/oToMessages/readStatus',
    {
      schema: {
        tags: ['one-to-one robot messages'],
        summary: 'Who of the recipients has read a one-to-one robot message',
        security,
        querystring: { type: 'object', properties: { robotCode: text, processQueryKey: text } },
        response: {
          200: {
            type: 'object',
            required: ['sendStatus', 'messageReadInfoList'],
            properties: {
              sendStatus: { type: 'string', enum: ['SUCCESS', 'RECALLED'] },
              messageReadInfoList: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['name', 'userId', 'readStatus'],
                  properties: {
                    name: text,
                    userId: text,
                    readStatus: { type: 'string', enum: ['READ', 'UNREAD'] },
                    readTimestamp: { type: 'integer', description: 'epoch ms of the first read (READ entries only)' },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    (request) => oneToOne.readStatus(grantOf(request), request.query),
  );

  app.post<{ Body: { robotCode?: string; processQueryKeys?: string[] } }>(
    '/v1.0/robot/otoMessages/batchRecall',
    {
      schema: {
        tags: ['one-to-one robot messages'],
        summary: 'Recall up to 20 one-to-one robot messages',
        security,
        body: { type: 'object', properties: { robotCode: text, processQueryKeys: texts } },
        response: { 200: recallResultSchema, ...errorResponses },
      },
    },
    (request) => oneToOne.batchRecall(grantOf(request), request.body),
  );
}

export const recallResultSchema = {
  type: 'object',
  required: ['successResult', 'failedResult'],
  properties: {
    successResult: texts,
    failedResult: { type: 'object', additionalProperties: text, description: 'processQueryKey → reason code' },
  },
} as const;
