import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/domain/errors.js';
import { RobotAdmission } from '../src/domain/robotAdmission.js';
import type { TokenGrant } from '../src/store/accessTokenStore.js';

const API = '/v1.0/robot/oToMessages/batchSend';
const grant = (permissions: string[]): TokenGrant => ({ corpId: 'corpA', appKey: 'appA', appKind: 'internal', permissions, expiresAt: Number.MAX_SAFE_INTEGER });

/** A RobotAdmission over stand-ins that record which step ran, and can refuse at the fault or the limits step. */
function admissionWith(grants: Record<string, TokenGrant>, refuseAt?: 'fault' | 'limits') {
  const steps: string[] = [];
  const step = (kind: 'fault' | 'limits', seen: string) => {
    steps.push(seen);
    if (refuseAt === kind) throw new ApiError(403, `refused.${kind}`, kind);
  };
  const admission = new RobotAdmission(
    { authenticate: async (token) => grants[token] },
    { admit: async (admitted, api) => step('limits', `limits ${api} ${admitted.appKey}`) },
    { interceptCall: async (api, appKey) => step('fault', `fault ${api} ${appKey}`) },
  );
  return { admission, steps };
}

async function refusalOf(admitting: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await admitting.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('robot admission: token, permission, injected fault, platform limits', () => {
  it('admits a valid token with the robot permission after the fault and the limits steps, in that order', async () => {
    const { admission, steps } = admissionWith({ good: grant(['qyapi_robot_sendmsg']) });
    expect(await admission.admit('good', API)).toEqual(grant(['qyapi_robot_sendmsg']));
    expect(steps).toEqual([`fault ${API} appA`, `limits ${API} appA`]);
  });

  it('refuses a missing token, then an unknown one, before any other step', async () => {
    const { admission, steps } = admissionWith({});
    expect(await refusalOf(admission.admit(undefined, API))).toMatchObject({ status: 400, code: 'AuthenticationFailed.MissingParameter', message: '缺少参数：x-acs-dingtalk-access-token' });
    expect(await refusalOf(admission.admit('', API))).toMatchObject({ code: 'AuthenticationFailed.MissingParameter' });
    expect(await refusalOf(admission.admit('unknown', API))).toMatchObject({ status: 400, code: 'InvalidAuthentication' });
    expect(steps).toEqual([]);
  });

  it('refuses a token without the robot permission with 403 and the required scope, before faults and limits', async () => {
    const { admission, steps } = admissionWith({ bare: grant([]) });
    const refusal = await refusalOf(admission.admit('bare', API));
    expect(refusal).toMatchObject({ status: 403, code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', details: { accessdenieddetail: { requiredScopes: ['qyapi_robot_sendmsg'] } } });
    expect(steps).toEqual([]);
  });

  it('lets an injected fault answer before the limits count the call', async () => {
    const { admission, steps } = admissionWith({ good: grant(['qyapi_robot_sendmsg']) }, 'fault');
    expect(await refusalOf(admission.admit('good', API))).toMatchObject({ code: 'refused.fault' });
    expect(steps).toEqual([`fault ${API} appA`]);
  });

  it('admits any app (no permission) for admitAnyApp, still through the fault and the limits', async () => {
    const { admission, steps } = admissionWith({ bare: grant([]) }, 'limits');
    expect(await refusalOf(admission.admitAnyApp('bare', '/media/upload'))).toMatchObject({ code: 'refused.limits' });
    expect(steps).toEqual(['fault /media/upload appA', 'limits /media/upload appA']);
  });
});
