import type { TokenGrant } from '../store/accessTokenStore.js';
import { ROBOT_SEND_PERMISSION } from './directory.js';
import { ApiError, badRequest } from './errors.js';
import type { Faults } from './faults.js';
import type { PlatformLimits } from './platformLimits.js';
import type { TokenService } from './tokens.js';

/** Where DingTalk's robot API takes the access token; its refusal of a call without one names it. */
export const ACCESS_TOKEN_PARAMETER = 'x-acs-dingtalk-access-token';

/** The codes of a call whose access token is missing, unknown or expired. */
export const MISSING_TOKEN = 'AuthenticationFailed.MissingParameter';
export const INVALID_TOKEN = 'InvalidAuthentication';

/**
 * Who may make a robot API call, in DingTalk's order (docs/behaviour.md, Requests): the access
 * token, the permission, an injected fault (dev mode), the platform limits. Every adapter that
 * takes robot calls asks here, before it reads the request's body; the refusals are ApiErrors
 * with the platform's codes, which a legacy adapter maps to its own.
 */
export class RobotAdmission {
  constructor(
    private readonly tokens: Pick<TokenService, 'authenticate'>,
    private readonly limits: Pick<PlatformLimits, 'admit'>,
    private readonly faults: Pick<Faults, 'interceptCall'>,
  ) {}

  /** A call of the robot API `api` (a route path such as `/v1.0/robot/oToMessages/batchSend`) with `token`: its grant, or the refusal. */
  async admit(token: string | undefined, api: string): Promise<TokenGrant> {
    const grant = await this.authenticate(token);
    if (!grant.permissions.includes(ROBOT_SEND_PERMISSION)) {
      throw new ApiError(403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', `没有调用该接口的权限，接口权限申请参考：${ROBOT_SEND_PERMISSION}`, {
        accessdenieddetail: { requiredScopes: [ROBOT_SEND_PERMISSION] },
      });
    }
    await this.meter(grant, api);
    return grant;
  }

  /** The same without the permission: any app's token may call `api` (the legacy `/media/upload`, as on DingTalk). */
  async admitAnyApp(token: string | undefined, api: string): Promise<TokenGrant> {
    const grant = await this.authenticate(token);
    await this.meter(grant, api);
    return grant;
  }

  private async authenticate(token: string | undefined): Promise<TokenGrant> {
    if (!token) throw badRequest(MISSING_TOKEN, `缺少参数：${ACCESS_TOKEN_PARAMETER}`);
    const grant = await this.tokens.authenticate(token);
    if (!grant) throw badRequest(INVALID_TOKEN, '不合法的access_token');
    return grant;
  }

  /** An injected fault for the call, if any, then the platform limits, which count it. */
  private async meter(grant: TokenGrant, api: string): Promise<void> {
    await this.faults.interceptCall(api, grant.appKey);
    await this.limits.admit(grant, api);
  }
}
