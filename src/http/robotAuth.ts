import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ACCESS_TOKEN_PARAMETER, type RobotAdmission } from '../domain/robotAdmission.js';
import type { TokenGrant } from '../store/accessTokenStore.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on every `/v1.0/robot/*` request that passed authentication. */
    grant: TokenGrant | null;
  }
}

/** The grant of a request that passed `guardRobotCalls`. */
export function grantOf(request: FastifyRequest): TokenGrant {
  if (request.grant === null) throw new Error(`route ${request.url} is not guarded by guardRobotCalls`);
  return request.grant;
}

/**
 * Admits every robot API call of the plugin scope this hook is added to (register the robot
 * routes inside it) through the domain's `RobotAdmission`: the token from DingTalk's header, the
 * route's path as the API. It runs before the body is parsed, so request validation always comes after it.
 */
export function guardRobotCalls(app: FastifyInstance, admission: RobotAdmission): void {
  app.addHook('onRequest', async (request) => {
    const header = request.headers[ACCESS_TOKEN_PARAMETER];
    const token = Array.isArray(header) ? header[0] : header;
    request.grant = await admission.admit(token, request.routeOptions.url ?? request.url);
  });
}

export function decorateRobotRequests(app: FastifyInstance): void {
  app.decorateRequest('grant', null);
}
