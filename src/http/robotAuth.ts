import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROBOT_SEND_PERMISSION } from '../domain/directory.js';
import { ApiError, badRequest } from '../domain/errors.js';
import type { Faults } from '../domain/faults.js';
import type { PlatformLimits } from '../domain/platformLimits.js';
import type { TokenService } from '../domain/tokens.js';
import type { TokenGrant } from '../store/accessTokenStore.js';

export const ACCESS_TOKEN_HEADER = 'x-acs-dingtalk-access-token';

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
 * The one place that admits robot API calls, in DingTalk's order (docs/behaviour.md, Requests): token,
 * permission, an injected fault (dev mode), platform limits. It runs before the body is parsed, so request
 * validation always comes after it. Register the robot routes inside the
 * plugin scope this hook is added to.
 */
export function guardRobotCalls(app: FastifyInstance, tokens: TokenService, limits: PlatformLimits, faults: Faults): void {
  app.addHook('onRequest', async (request) => {
    const header = request.headers[ACCESS_TOKEN_HEADER];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token) {
      throw badRequest('AuthenticationFailed.MissingParameter', `缺少参数：${ACCESS_TOKEN_HEADER}`);
    }
    const grant = await tokens.authenticate(token);
    if (!grant) throw badRequest('InvalidAuthentication', '不合法的access_token');
    if (!grant.permissions.includes(ROBOT_SEND_PERMISSION)) {
      throw new ApiError(403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', `没有调用该接口的权限，接口权限申请参考：${ROBOT_SEND_PERMISSION}`, {
        accessdenieddetail: { requiredScopes: [ROBOT_SEND_PERMISSION] },
      });
    }
    const api = request.routeOptions.url ?? request.url;
    await faults.interceptCall(api, grant.appKey);
    await limits.admit(grant, api);
    request.grant = grant;
  });
}

export function decorateRobotRequests(app: FastifyInstance): void {
  app.decorateRequest('grant', null);
}
