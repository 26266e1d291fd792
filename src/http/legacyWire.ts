import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, isLegacyApiPath, LegacyApiError } from '../domain/errors.js';
import { TOO_MANY_FAILED_ATTEMPTS } from '../domain/failedAttempts.js';
import { INVALID_TOKEN, MISSING_TOKEN } from '../domain/robotAdmission.js';
import { StoreUnavailable } from '../store/storeUnavailable.js';
import { TOO_MANY_REQUESTS } from './requestsPerIp.js';

/**
 * The wire form of DingTalk's legacy oapi (docs/behaviour.md, Legacy endpoints): HTTP 200
 * with `{errcode, errmsg}`, errcodes from DingTalk's global table.
 */

/**
 * The legacy answers of refusals the legacy routes share with the `/v1.0` API (the admission's,
 * the token service's): its errcode, and its errmsg where the legacy one differs. Injected
 * faults answer in the legacy form themselves.
 */
const LEGACY_FORMS_OF_REFUSALS: Readonly<Record<string, { errcode: number; errmsg?: string }>> = {
  [MISSING_TOKEN]: { errcode: 41001, errmsg: '缺少access_token参数' },
  [INVALID_TOKEN]: { errcode: 40014, errmsg: '不合法的access_token' },
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi': { errcode: 90018 },
  'Forbidden.AccessDenied.ApiCountLimitForOrg': { errcode: 90020 },
  invalidClientIdOrSecret: { errcode: 40096, errmsg: '不合法的appKey或appSecret' },
  [TOO_MANY_FAILED_ATTEMPTS]: { errcode: 90004 },
  [TOO_MANY_REQUESTS]: { errcode: -1, errmsg: '系统繁忙' },
};

/** DingTalk's "system busy": the legacy answer to our own faults (HTTP 500) and to the database being away (HTTP 503). */
const SYSTEM_BUSY = { errcode: -1, errmsg: '系统繁忙' } as const;

/** A refusal of a legacy route in its legacy form: itself, or a shared refusal mapped; undefined for anything else. */
function legacyFormOf(error: unknown): LegacyApiError | undefined {
  if (error instanceof LegacyApiError) return error;
  const legacy = error instanceof ApiError ? LEGACY_FORMS_OF_REFUSALS[error.code] : undefined;
  return legacy && new LegacyApiError(legacy.errcode, legacy.errmsg ?? (error as ApiError).message);
}

/**
 * The one way a legacy route answers its failures: every legacy route's plugin calls this on
 * its scope, and its handlers throw. Every refusal becomes a legacy answer with the request's
 * `request_id` (where the route's answer schema lists it): the route's own, the admission's and
 * the token service's; any other client error (a NUL character, a body over 1 MiB) is `40035`;
 * the database being away (docs/behaviour.md, Losing the database) answers HTTP 503 with `-1`
 * "系统繁忙", and our own faults HTTP 500 with the same.
 */
export function answerRefusalsInLegacyForm(scope: FastifyInstance): void {
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof StoreUnavailable) {
      request.log.warn({ reason: error.reason }, 'database unavailable');
      return sendLegacy(reply, request, SYSTEM_BUSY.errcode, SYSTEM_BUSY.errmsg, {}, 503);
    }
    const legacy = legacyFormOf(error) ?? clientErrorOf(error);
    if (legacy) return sendLegacy(reply, request, legacy.errcode, legacy.errmsg);
    request.log.error({ err: error }, 'unexpected error');
    return sendLegacy(reply, request, SYSTEM_BUSY.errcode, SYSTEM_BUSY.errmsg, {}, 500);
  });
}

function clientErrorOf(error: FastifyError): LegacyApiError | undefined {
  const status = error instanceof ApiError ? error.status : error.statusCode;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  return new LegacyApiError(40035, `不合法的参数: ${error.message}`);
}

/** Where an unknown path is Dingo's own or the new API's, answered in the `/v1.0` envelope as before. */
const ENVELOPE_PATHS = ['/', '/console', '/docs', '/healthz', '/metrics', '/openapi.json'];
const ENVELOPE_PREFIXES = ['/console/', '/chats/', '/assets/', '/api/', '/_dingo/', '/docs/', '/files/', '/gateway/'];

/**
 * Whether an unknown path answers as DingTalk's oapi does: every path that is neither
 * versioned (`/v1.0/…`, the new API) nor Dingo's own (the web client and its API, the
 * control plane, the docs, download URLs, the Stream socket). Dingo serves both of
 * DingTalk's hosts on one port, so the path decides, not the Host.
 */
export function answersUnknownPathInLegacyForm(path: string): boolean {
  return isLegacyApiPath(path) && !ENVELOPE_PATHS.includes(path) && !ENVELOPE_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/**
 * DingTalk's oapi answer for a path it has no method for: a known legacy route called with
 * the wrong method → `43001` / `43002`; an unknown `/topapi/…` method → `22` "Invalid method"
 * naming its ApiName as DingTalk's gateway does; any other path → `404` "请求的URI地址不存在".
 */
export function answerUnknownLegacyPath(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] as string;
  const server = request.server;
  if (request.method !== 'GET' && server.hasRoute({ url: path, method: 'GET' })) return sendLegacy(reply, request, 43001, '需要GET请求');
  if (request.method !== 'POST' && server.hasRoute({ url: path, method: 'POST' })) return sendLegacy(reply, request, 43002, '需要POST请求');
  if (path.startsWith('/topapi/')) {
    const subMessage = `不合法ApiName，ApiName = dingtalk.oapi.${path.slice('/topapi/'.length).split('/').filter(Boolean).join('.')}`;
    return sendLegacy(reply, request, 22, `Invalid method[submsg=${subMessage}]`, { sub_msg: subMessage });
  }
  return sendLegacy(reply, request, 404, '请求的URI地址不存在');
}

function sendLegacy(reply: FastifyReply, request: FastifyRequest, errcode: number, errmsg: string, extra: Record<string, string> = {}, status = 200) {
  return reply.code(status).type('application/json').send({ errcode, errmsg, ...extra, request_id: request.id });
}
