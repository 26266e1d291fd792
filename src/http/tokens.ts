import type { FastifyInstance } from 'fastify';
import type { TokenService } from '../domain/tokens.js';
import { answerRefusalsInLegacyForm } from './legacyWire.js';
import { errorResponses } from './wire.js';

const issuedToken = {
  type: 'object',
  required: ['accessToken', 'expireIn'],
  properties: { accessToken: { type: 'string' }, expireIn: { type: 'integer' } },
} as const;

const text = { type: 'string' } as const;

/** The token endpoints of the `/v1.0` API (docs/behaviour.md, Tokens). */
export async function tokenRoutes(app: FastifyInstance, { tokens }: { tokens: TokenService }): Promise<void> {
  app.post<{ Body: { appKey?: string; appSecret?: string } }>(
    '/v1.0/oauth2/accessToken',
    {
      schema: {
        tags: ['tokens'],
        summary: "Get an internal app's access token",
        body: { type: 'object', properties: { appKey: text, appSecret: text } },
        response: { 200: issuedToken, ...errorResponses },
      },
    },
    (request) => tokens.issueForApp(request.body.appKey, request.body.appSecret),
  );

  app.post<{ Body: { suiteKey?: string; suiteSecret?: string; authCorpId?: string; suiteTicket?: string } }>(
    '/v1.0/oauth2/corpAccessToken',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Get a third-party app (suite) access token for one authorising corp',
        description: 'suiteTicket is accepted as sent: Dingo pushes no tickets, so any value is valid.',
        body: { type: 'object', properties: { suiteKey: text, suiteSecret: text, authCorpId: text, suiteTicket: text } },
        response: { 200: issuedToken, ...errorResponses },
      },
    },
    (request) => tokens.issueForSuite(request.body.suiteKey, request.body.suiteSecret, request.body.authCorpId),
  );
}

/** The legacy `GET /gettoken` (docs/behaviour.md, Tokens), in its own scope: its failures answer in the legacy form. */
export async function legacyTokenRoutes(app: FastifyInstance, { tokens }: { tokens: TokenService }): Promise<void> {
  answerRefusalsInLegacyForm(app);
  app.get<{ Querystring: { appkey?: string; appsecret?: string } }>(
    '/gettoken',
    {
      schema: {
        tags: ['tokens'],
        summary: "Legacy: get an internal app's access token",
        querystring: { type: 'object', properties: { appkey: text, appsecret: text } },
        response: {
          200: {
            type: 'object',
            required: ['errcode', 'errmsg'],
            properties: { errcode: { type: 'integer' }, errmsg: text, access_token: text, expires_in: { type: 'integer' } },
          },
        },
      },
    },
    async (request) => {
      const issued = await tokens.issueForApp(request.query.appkey, request.query.appsecret);
      return { errcode: 0, errmsg: 'ok', access_token: issued.accessToken, expires_in: issued.expireIn };
    },
  );
}
