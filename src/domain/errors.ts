/**
 * A refusal with the wire code DingTalk answers. The domain throws these; the
 * HTTP layer turns them into `{code, message, requestid}` with `status`.
 */
export class ApiError extends Error {
  constructor(
    /** 400, 401, 403, 404 or 500 as the platform answers; an injected fault (docs/behaviour.md, Control plane) may pick 429, 502 or 503 too. */
    readonly status: 400 | 401 | 403 | 404 | 429 | 500 | 502 | 503,
    readonly code: string,
    message: string,
    /** Extra documented fields of the error body, e.g. `accessdenieddetail`. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A 400 with `code`: the common case. */
export function badRequest(code: string, message: string): ApiError {
  return new ApiError(400, code, message);
}

/** The generic code for a request that does not fit the endpoint's shape. */
export const INVALID_PARAMETER = 'invalidParameter.param.invalid';
/** A request naming a host Dingo does not answer for (docs/behaviour.md, Hosts and origins). */
export const HOST_NOT_ALLOWED = 'Forbidden.HostNotAllowed';

/**
 * A refusal of a legacy (oapi-style) endpoint such as `/media/upload`: answered
 * HTTP 200 with `{errcode, errmsg}`, as DingTalk's legacy API does.
 */
export class LegacyApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(errmsg);
    this.name = 'LegacyApiError';
  }
}

/**
 * Whether a DingTalk API path is of the legacy oapi (`oapi.dingtalk.com`), which answers
 * `{errcode, errmsg}`: every path but the versioned ones of the new API (`/v1.0/…`, `/v2.0/…`).
 */
export function isLegacyApiPath(path: string): boolean {
  return !/^\/v\d+\.\d+\//.test(path);
}
