import type { FastifyInstance } from 'fastify';
import type { CustomRobotWebhook } from '../domain/customRobotWebhook.js';
import { LEGACY_ANSWER_SCHEMA, LEGACY_OK, parseJsonBody, readEveryBodyAsText } from './legacyRobotWire.js';
import { answerRefusalsInLegacyForm } from './legacyWire.js';

/** Where monitoring and CI tools post to a custom robot: its webhook URL is this path with `?access_token=…`. */
export const CUSTOM_ROBOT_WEBHOOK_PATH = '/robot/send';

/**
 * `POST /robot/send?access_token=…[&timestamp=…&sign=…]`: a custom robot's message into its group.
 * Always HTTP 200 with `{errcode, errmsg}`, as DingTalk answers; the caller's address is the
 * connection's peer address, for the IP allow-list.
 */
export async function customRobotWebhookRoutes(app: FastifyInstance, { customRobotWebhook }: { customRobotWebhook: CustomRobotWebhook }): Promise<void> {
  answerRefusalsInLegacyForm(app);
  readEveryBodyAsText(app);
  app.post<{ Querystring: { access_token?: string; timestamp?: string; sign?: string }; Body: string | undefined }>(
    CUSTOM_ROBOT_WEBHOOK_PATH,
    {
      schema: {
        tags: ['robot (legacy)'],
        summary: "A custom robot's message into its group (the group webhook of Grafana, Alertmanager, Jenkins…)",
        querystring: { type: 'object', properties: { access_token: { type: 'string' }, timestamp: { type: 'string' }, sign: { type: 'string' } } },
        response: { 200: LEGACY_ANSWER_SCHEMA },
      },
    },
    async (request, reply) => {
      reply.status(200);
      const { access_token: accessToken = '', timestamp, sign } = request.query;
      await customRobotWebhook.send({ accessToken, timestamp, sign, callerIp: request.ip, body: parseJsonBody(request.body) });
      return LEGACY_OK;
    },
  );
}
