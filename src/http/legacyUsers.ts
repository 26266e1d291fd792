import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LegacyApiError } from '../domain/errors.js';
import { type LegacyUsers, USER_GET_API, USER_GET_BY_MOBILE_API } from '../domain/legacyUsers.js';
import type { RobotAdmission } from '../domain/robotAdmission.js';
import { answerRefusalsInLegacyForm } from './legacyWire.js';

const text = { type: 'string' } as const;
const integer = { type: 'integer' } as const;
const tags = ['users (legacy)'];
const accessTokenQuery = { type: 'object', properties: { access_token: text } } as const;

const userDetailSchema = {
  type: 'object',
  required: ['userid', 'unionid', 'name', 'admin', 'active'],
  properties: {
    userid: text,
    unionid: text,
    name: text,
    mobile: text,
    admin: { type: 'boolean' },
    boss: { type: 'boolean' },
    active: { type: 'boolean' },
    dept_id_list: { type: 'array', items: integer },
    leader_in_dept: { type: 'array', items: { type: 'object', properties: { dept_id: integer, leader: { type: 'boolean' } } } },
  },
} as const;

function legacyAnswer(result: object) {
  return {
    type: 'object',
    required: ['errcode', 'errmsg', 'request_id'],
    properties: { errcode: integer, errmsg: text, result, sub_msg: text, request_id: text },
  } as const;
}

type LegacyParameters = Record<string, unknown>;

interface LegacyUsersOptions {
  admission: RobotAdmission;
  legacyUsers: LegacyUsers;
}

/**
 * `POST /topapi/v2/user/get` and `POST /topapi/v2/user/getbymobile` (docs/behaviour.md, Legacy
 * endpoints): the token in `access_token`, the parameters in a JSON or form body (or the query,
 * as DingTalk's gateway takes them); always HTTP 200 with `{errcode, errmsg, request_id}`.
 */
export async function legacyUserRoutes(app: FastifyInstance, { admission, legacyUsers }: LegacyUsersOptions): Promise<void> {
  answerRefusalsInLegacyForm(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parametersOf(body.toString()));
    } catch (error) {
      done(error as Error);
    }
  });
  // No body at all (the parameters in the query) is no parameters, not a body of the wrong type.
  app.addHook('preValidation', async (request) => {
    request.body ??= {};
  });

  app.post<{ Querystring: { access_token?: string } }>(
    USER_GET_API,
    {
      schema: {
        tags,
        summary: "Legacy: a user of the token's corp, by userid",
        querystring: accessTokenQuery,
        body: { type: 'object', properties: { userid: text, language: text } },
        response: { 200: legacyAnswer(userDetailSchema) },
      },
    },
    async (request) => {
      const grant = await admission.admitAnyApp(request.query.access_token, USER_GET_API);
      const result = await legacyUsers.get(grant.corpId, parameter(request, 'userid'));
      return { errcode: 0, errmsg: 'ok', result, request_id: request.id };
    },
  );

  app.post<{ Querystring: { access_token?: string } }>(
    USER_GET_BY_MOBILE_API,
    {
      schema: {
        tags,
        summary: "Legacy: the userid of the token's corp's user with this mobile number",
        querystring: accessTokenQuery,
        body: { type: 'object', properties: { mobile: text } },
        response: { 200: legacyAnswer({ type: 'object', required: ['userid'], properties: { userid: text } }) },
      },
    },
    async (request) => {
      const grant = await admission.admitAnyApp(request.query.access_token, USER_GET_BY_MOBILE_API);
      const result = await legacyUsers.userIdByMobile(grant.corpId, parameter(request, 'mobile'));
      return { errcode: 0, errmsg: 'ok', result, request_id: request.id };
    },
  );
}

/**
 * A body, whatever its content type says (bots send JSON without one): JSON when it looks
 * like JSON (`47001` when it does not parse; anything but an object has no parameters),
 * otherwise a form (`a=1&b=2`); empty is no parameters.
 */
function parametersOf(body: string): LegacyParameters {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[') && !trimmed.startsWith('"')) return Object.fromEntries(new URLSearchParams(trimmed));
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new LegacyApiError(47001, '解析JSON/XML内容错误');
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as LegacyParameters) : {};
}

/** A string parameter from the body, else from the query; a parameter of another type counts as absent. */
function parameter(request: FastifyRequest, name: string): string | undefined {
  for (const source of [request.body, request.query] as unknown[]) {
    const value = typeof source === 'object' && source !== null ? (source as LegacyParameters)[name] : undefined;
    if (typeof value === 'string') return value;
  }
  return undefined;
}
