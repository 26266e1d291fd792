import type { FastifyInstance } from 'fastify';
import type { DeliveryLog } from '../domain/deliveryLog.js';
import { FAULT_STATUSES, type FaultRequest, type Faults, MAX_FAULT_DELAY_MS } from '../domain/faults.js';
import { DISCONNECT_GRACE_MS, type StreamGateway } from '../gateway/streamGateway.js';
import { robotReceptionSchema, toRobotReception } from './presenters/robotReception.js';
import { errorResponses } from './wire.js';

const text = { type: 'string', minLength: 1 } as const;
const tags = ['control plane (dev mode)'];

const faultSchema = {
  type: 'object',
  properties: {
    faultId: { type: 'string' },
    api: { type: 'string' },
    appKey: { type: ['string', 'null'] },
    code: { type: ['string', 'null'] },
    status: { type: ['integer', 'null'] },
    delayMs: { type: ['integer', 'null'] },
    remaining: { type: 'integer', description: 'matching calls this rule still answers' },
  },
} as const;
const faultList = { type: 'object', properties: { faults: { type: 'array', items: faultSchema } } } as const;

export interface PushControlServices {
  deliveryLog: DeliveryLog;
  streamGateway: Pick<StreamGateway, 'disconnect'>;
  faults: Faults;
}

/**
 * The control plane's view of pushes to bots and its levers on them (README, Dev mode): the
 * delivery log, Stream disconnects, injected faults. Registered inside the control plane's scope.
 */
export async function pushControlRoutes(app: FastifyInstance, { deliveryLog, streamGateway, faults }: PushControlServices): Promise<void> {
  app.get<{ Querystring: { robotCode: string; corpId?: string } }>(
    '/_dingo/deliveries',
    {
      schema: {
        tags,
        summary: 'What Dingo pushed to a robot (Stream or HTTP callback), newest first, with every attempt; corpId may be left out when only one corp has the robot',
        querystring: { type: 'object', required: ['robotCode'], properties: { robotCode: text, corpId: text } },
        response: { 200: robotReceptionSchema, ...errorResponses },
      },
    },
    async (request) => toRobotReception(await deliveryLog.ofRobot(request.query.robotCode, request.query.corpId)),
  );

  app.post<{ Body: { appKey?: string; closeAfterMs?: number } }>(
    '/_dingo/streams/disconnect',
    {
      schema: {
        tags,
        summary: "Send DingTalk's disconnect system message to an app's Stream connections (every app's without appKey), then close them",
        body: {
          type: 'object',
          properties: {
            appKey: text,
            closeAfterMs: { type: 'integer', minimum: 0, maximum: DISCONNECT_GRACE_MS, description: `how long after the message each socket closes; ${DISCONNECT_GRACE_MS} as DingTalk when absent` },
          },
        },
        response: { 200: { type: 'object', properties: { disconnected: { type: 'integer', description: 'connections told to go' } } }, ...errorResponses },
      },
    },
    async (request) => ({ disconnected: streamGateway.disconnect(request.body.appKey, request.body.closeAfterMs) }),
  );

  app.post<{ Body: FaultRequest }>(
    '/_dingo/faults',
    {
      schema: {
        tags,
        summary: 'Make the next count calls of a robot API path (or pushes: stream, callback) answer an error, wait, or not be sent',
        body: {
          type: 'object',
          required: ['api'],
          properties: {
            api: { ...text, description: 'a robot API path such as /v1.0/robot/oToMessages/batchSend, or stream or callback' },
            appKey: text,
            code: text,
            status: { type: 'integer', enum: [...FAULT_STATUSES] },
            delayMs: { type: 'integer', minimum: 1, maximum: MAX_FAULT_DELAY_MS },
            count: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        },
        response: { 200: faultSchema, ...errorResponses },
      },
    },
    async (request) => faults.add(request.body),
  );

  app.get('/_dingo/faults', { schema: { tags, summary: 'The injected faults still waiting for calls', response: { 200: faultList, ...errorResponses } } }, async () => ({
    faults: faults.list(),
  }));

  app.delete(
    '/_dingo/faults',
    { schema: { tags, summary: 'Remove every injected fault', response: { 200: { type: 'object', properties: { cleared: { type: 'integer' } } }, ...errorResponses } } },
    async () => ({ cleared: faults.clear() }),
  );
}

