import type { LoggedDelivery, RobotReception } from '../../domain/deliveryLog.js';
import { isoTime } from '../wire.js';

/**
 * One robot's reception as the control plane (`GET /_dingo/deliveries`) and the
 * console show it: how it receives, its live Stream connections, and each
 * delivery with every attempt, newest first.
 */
const text = { type: 'string' } as const;
const textOrNull = { type: ['string', 'null'] } as const;

export const deliverySchema = {
  type: 'object',
  properties: {
    deliveryId: { ...text, description: 'the messageId of the Stream frames that carry it' },
    msgId: text,
    channel: { type: 'string', enum: ['stream', 'http'] },
    status: { type: 'string', enum: ['waiting', 'pushed', 'acked', 'answered', 'delivered', 'undelivered', 'unacked', 'failed'] },
    createdAt: text,
    payload: { type: 'object', additionalProperties: true, description: 'the message the bot receives' },
    attempts: {
      type: 'array',
      description: 'every step, oldest first',
      items: {
        type: 'object',
        properties: {
          event: { type: 'string', enum: ['queued', 'pushed', 'redelivered', 'acked', 'answered', 'delivered', 'undelivered', 'unacked', 'failed'] },
          at: text,
          connectionId: { ...textOrNull, description: 'the Stream connection, or the callback URL' },
          detail: textOrNull,
        },
      },
    },
  },
} as const;

export const robotReceptionSchema = {
  type: 'object',
  properties: {
    corpId: text,
    robotCode: text,
    receive: { type: 'string', enum: ['stream', 'http', 'none'] },
    callbackUrl: textOrNull,
    connections: { type: 'array', items: { type: 'object', properties: { connectionId: text, connectedAt: text } } },
    deliveries: { type: 'array', items: deliverySchema },
  },
} as const;

export function toRobotReception({ robot, connections, deliveries }: RobotReception) {
  return {
    corpId: robot.corpId,
    robotCode: robot.robotCode,
    receive: robot.receive,
    callbackUrl: robot.callbackUrl,
    connections: connections.map((c) => ({ connectionId: c.connectionId, connectedAt: isoTime(c.connectedAt) })),
    deliveries: deliveries.map(toDelivery),
  };
}

function toDelivery(delivery: LoggedDelivery) {
  return {
    deliveryId: delivery.deliveryId,
    msgId: delivery.msgId,
    channel: delivery.channel,
    status: delivery.status,
    createdAt: isoTime(delivery.createdAt),
    payload: JSON.parse(delivery.payload) as Record<string, unknown>,
    attempts: delivery.log.map((entry) => ({ event: entry.event, at: isoTime(entry.at), connectionId: entry.connectionId, detail: entry.detail })),
  };
}
