import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, INVALID_PARAMETER } from '../domain/errors.js';
import { StoreUnavailable } from '../store/storeUnavailable.js';
import { answersUnknownPathInLegacyForm, answerUnknownLegacyPath } from './legacyWire.js';

/** The answer while the database is away (docs/behaviour.md, Losing the database): the gateway's code for a temporary failure. Legacy routes answer theirs (legacyWire.ts). */
export const SERVICE_UNAVAILABLE = {
  code: 'ServiceUnavailable',
  message: 'The request has failed due to a temporary failure of the server.',
} as const;

/** DingTalk's content type, byte for byte. */
export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/** Request ids look like DingTalk's: an upper-case UUID. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** Times on the web and control-plane APIs are ISO 8601 strings (the DingTalk API itself uses epoch ms). */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function isoTimeOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : isoTime(epochMs);
}

/** The error body of every 4xx and 5xx answer. */
export const errorBodySchema = {
  $id: 'ErrorBody',
  type: 'object',
  required: ['code', 'message', 'requestid'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    requestid: { type: 'string' },
    accessdenieddetail: {
      type: 'object',
      properties: { requiredScopes: { type: 'array', items: { type: 'string' } } },
    },
  },
} as const;

export const errorResponses = {
  400: { $ref: 'ErrorBody#' },
  403: { $ref: 'ErrorBody#' },
} as const;

/**
 * Installs DingTalk's wire rules (docs/behaviour.md, Requests) on `app`: the error envelope for every
 * failure (framework errors included: never an FST_ code, never a 413 or 415; 503 while the database is
 * away) but on the legacy routes, whose scopes answer theirs (legacyWire.ts, answerRefusalsInLegacyForm),
 * 404 `InvalidAction.NotFound` for unknown paths (the legacy oapi's answer for unknown
 * oapi paths, see legacyWire.ts), and DingTalk's content type.
 */
export function installWireRules(app: FastifyInstance): void {
  app.addSchema(errorBodySchema);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof StoreUnavailable) request.log.warn({ reason: error.reason }, 'database unavailable');
    const refusal = toApiError(error);
    if (refusal.status === 500) request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, request, refusal);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] as string;
    if (answersUnknownPathInLegacyForm(path)) return answerUnknownLegacyPath(request, reply);
    return sendError(reply, request, new ApiError(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method: ${request.method} ${path}`));
  });

  // No stored text can hold U+0000 (PostgreSQL refuses it), so no request may bring it in; and no
  // endpoint reads a value nested deeper than MAX_REQUEST_DEPTH, so nothing deeper is walked further.
  // A callback hook: no promise per request.
  app.addHook('preValidation', (request, _reply, done) => {
    done(contentRefusal(request.query) ?? contentRefusal(request.params) ?? contentRefusal(request.body));
  });

  // A callback hook: no promise per answer.
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json')) reply.header('content-type', JSON_CONTENT_TYPE);
    done(null, payload);
  });
}

/** Fastify's `frameworkErrors`: a URL it cannot decode is answered in the envelope too. */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return sendError(reply, request, new ApiError(400, INVALID_PARAMETER, `the request URL is not valid: ${error.message}`));
}

/** What a request that is not a request gets: too slow (docs/behaviour.md, Slow and hostile clients), headers too large, or unparsable. */
function clientErrorAnswer(errorCode: string | undefined): { status: number; statusText: string; code: string; message: string } {
  if (errorCode === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, statusText: 'Request Timeout', code: REQUEST_TIMEOUT, message: 'the request did not arrive within the time allowed' };
  }
  if (errorCode === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, statusText: 'Request Header Fields Too Large', code: INVALID_PARAMETER, message: 'the HTTP request could not be parsed' };
  }
  return { status: 400, statusText: 'Bad Request', code: INVALID_PARAMETER, message: 'the HTTP request could not be parsed' };
}

/** The code of a request cut off by a timeout (docs/behaviour.md, Slow and hostile clients). */
export const REQUEST_TIMEOUT = 'RequestTimeout';

/** Fastify's `clientErrorHandler`: a request Node cannot even parse, or cut off as too slow, still gets the envelope, then the connection closes. */
export function answerUnparsableRequest(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const { status, statusText, code, message } = clientErrorAnswer(error.code);
  const body = JSON.stringify({ code, message, requestid: newRequestId() });
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\n` +
      `content-type: ${JSON_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** The answer to a request without the JSON body its endpoint needs. */
export function emptyBodyRefusal(): ApiError {
  return new ApiError(400, 'invalidParameter.msgBody.invalid', 'the request body is empty: it must be a JSON object');
}

/** Objects and arrays nested deeper than this are refused: no endpoint reads anything near as deep (docs/behaviour.md, Requests). */
export const MAX_REQUEST_DEPTH = 64;

/** The refusal of a request part `unacceptableContent` finds fault with. */
function contentRefusal(part: unknown): ApiError | undefined {
  const problem = unacceptableContent(part);
  if (problem === 'nul') return new ApiError(400, INVALID_PARAMETER, 'the request holds a NUL character (U+0000), which no field may contain');
  if (problem === 'too deep') return new ApiError(400, INVALID_PARAMETER, `the request body is nested deeper than ${MAX_REQUEST_DEPTH} levels`);
  return undefined;
}

/**
 * What makes a parsed request value unacceptable: a NUL anywhere (in a key or a text), or nesting
 * deeper than MAX_REQUEST_DEPTH. Walked with its own stack, never recursion, so no depth of
 * nesting can overflow the call stack; the walk stops at the first level too deep.
 */
function unacceptableContent(value: unknown): 'nul' | 'too deep' | undefined {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value === 'string') {
      if (next.value.includes('\u0000')) return 'nul';
    } else if (typeof next.value === 'object' && next.value !== null) {
      if (next.depth >= MAX_REQUEST_DEPTH) return 'too deep';
      for (const [key, inner] of Object.entries(next.value)) {
        if (key.includes('\u0000')) return 'nul';
        pending.push({ value: inner, depth: next.depth + 1 });
      }
    }
  }
  return undefined;
}

function sendError(reply: FastifyReply, request: FastifyRequest, error: ApiError) {
  return reply
    .code(error.status)
    .type(JSON_CONTENT_TYPE)
    .send({ code: error.code, message: error.message, requestid: request.id, ...error.details });
}

function toApiError(error: FastifyError): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreUnavailable) return new ApiError(503, SERVICE_UNAVAILABLE.code, SERVICE_UNAVAILABLE.message);
  if (error.validation) {
    const where = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request');
    const [first] = error.validation;
    const field = `${where}${first?.instancePath.replaceAll('/', '.') ?? ''}`;
    const problem =
      first?.keyword === 'required' ? `${field}.${String(first.params.missingProperty)} is required` : `${field} ${first?.message ?? 'is invalid'}`;
    return new ApiError(400, INVALID_PARAMETER, problem);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(400, INVALID_PARAMETER, 'the request body is larger than 1 MiB');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(400, 'invalidParameter.msgBody.invalid', 'the request body must be JSON (content-type: application/json)');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return emptyBodyRefusal();
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'invalidParameter.msgBody.invalid', 'the request body is not valid JSON');
  }
  // Any other client error of the HTTP layer (a malformed request line, JSON syntax, ...).
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    const code = error instanceof SyntaxError ? 'invalidParameter.msgBody.invalid' : INVALID_PARAMETER;
    return new ApiError(400, code, error instanceof SyntaxError ? `the request body is not valid JSON: ${error.message}` : error.message);
  }
  return new ApiError(500, 'system.error', 'unknown system error');
}
