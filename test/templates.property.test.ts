import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../src/domain/errors.js';
import { validateMessage } from '../src/domain/templates.js';
import { startTestDingo, type TestDingo } from './harness.js';
import { otoClient, type OtoClient } from './oto.js';
import { MSG_KEYS, TEMPLATE_TABLE, expectedTemplateCode } from './templateTable.js';

/**
 * Property-based tests of the template rules (batchSend and its templates) against an oracle
 * written from the table (test/templateTable.ts), not from src/domain/templates.ts;
 * and random requests that must never get a 5xx nor write anything.
 */

const MAX_BYTES = 15_000;

/**
 * The oracle for a whole (msgKey, msgParam) pair: the code the endpoint pages ask for, or null.
 * The order of the checks is: msgKey, then msgParam (a string, at most 15,000 bytes,
 * a JSON object), then the template's fields in the table's order.
 */
function expectedCode(msgKey: unknown, msgParam: unknown): string | null {
  if (msgKey === undefined || msgKey === '') return 'invalidParameter.msgKey.empty';
  if (typeof msgKey !== 'string' || !Object.prototype.hasOwnProperty.call(TEMPLATE_TABLE, msgKey)) return 'invalidParameter.msgKey.invalid';
  if (typeof msgParam !== 'string') return 'invalidParameter.msgParam.invalid';
  if (Buffer.byteLength(msgParam, 'utf8') > MAX_BYTES) return 'invalidParameter.msgParam.tooLong';
  let parsed: unknown;
  try {
    parsed = JSON.parse(msgParam);
  } catch {
    return 'invalidParameter.msgParam.invalid';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'invalidParameter.msgParam.invalid';
  return expectedTemplateCode(msgKey, parsed as Record<string, unknown>);
}

/** The code validateMessage answers, null when it accepts; anything but an ApiError 400 fails the test. */
function actualCode(msgKey: string | undefined, msgParam: unknown): string | null {
  try {
    validateMessage(msgKey, msgParam);
    return null;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    expect(error.status).toBe(400);
    return error.code;
  }
}

// ---- generators -------------------------------------------------------------------------------

const msgKeyArb = fc.constantFrom(...MSG_KEYS);
const nonBlank = fc.string({ minLength: 1 }).filter((s) => s.trim() !== '');
const blank = fc.constantFrom('', ' ', '   ', '\t', '\n', ' \r\n ');
const wrongType = fc.oneof(fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));

/** One value for a template field: mostly good, else absent, blank or of a wrong type (so later fields get reached too). */
function fieldValue(numberAllowed: boolean): fc.Arbitrary<{ value: unknown } | 'absent'> {
  const good: fc.Arbitrary<{ value: unknown }> = numberAllowed
    ? fc.oneof(nonBlank.map((value) => ({ value })), fc.integer().map((value) => ({ value })))
    : nonBlank.map((value) => ({ value }));
  return fc.oneof(
    { arbitrary: good, weight: 10 },
    { arbitrary: fc.constant('absent' as const), weight: 2 },
    { arbitrary: blank.map((value) => ({ value })), weight: 1 },
    { arbitrary: wrongType.map((value) => ({ value })), weight: 1 },
    { arbitrary: fc.double().map((value) => ({ value })), weight: 1 },
  );
}

/** A msgParam object built from the template's own fields, some good, some removed, emptied or mistyped, plus stray keys. */
const fromTemplate = msgKeyArb.chain((msgKey) => {
  const fields = TEMPLATE_TABLE[msgKey] ?? [];
  return fc
    .tuple(fc.tuple(...fields.map((field) => fieldValue(field.numberAllowed))), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }))
    .map(([values, extra]) => {
      const param: Record<string, unknown> = { ...extra };
      fields.forEach((field, i) => {
        const chosen = values[i];
        if (chosen === 'absent') delete param[field.name];
        else if (chosen !== undefined) param[field.name] = chosen.value;
      });
      return { msgKey, param };
    });
});

/** Any record with any values, for any template. */
const anyRecord = fc.record({ msgKey: msgKeyArb, param: fc.dictionary(fc.string(), fc.anything(), { maxKeys: 8 }) });

/** Records whose keys are the template's field names, with arbitrary values. */
const templateKeysAnyValues = msgKeyArb.chain((msgKey) => {
  const names = (TEMPLATE_TABLE[msgKey] ?? []).map((field) => field.name);
  return fc.dictionary(fc.constantFrom(...names), fc.anything()).map((param) => ({ msgKey, param }));
});

const paramCase = fc.oneof(fromTemplate, fromTemplate, anyRecord, templateKeysAnyValues);

/** msgParam strings that are not JSON objects: other JSON values, and text that is not JSON. */
const notAnObject = fc.oneof(
  fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue())).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => JSON.stringify(v)),
  fc.string().filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
);

// ---- the oracle itself ------------------------------------------------------------------------

describe('the oracle', () => {
  it('accepts each template complete and names the first missing field in table order', () => {
    expect(expectedTemplateCode('sampleMarkdown', {})).toBe('miss.param.markdownTotitle');
    expect(expectedTemplateCode('sampleMarkdown', { title: 't' })).toBe('miss.param.markdownTotext');
    expect(expectedTemplateCode('sampleLink', { title: 't' })).toBe('miss.param.textOfLink');
    expect(expectedTemplateCode('sampleActionCard2', { title: 't', text: 'x', actionTitle1: 'a' })).toBe('miss.param.actionCardTobtnsToactionUrl');
    expect(expectedTemplateCode('sampleAudio', { mediaId: 'm', duration: 3 })).toBeNull();
    expect(expectedTemplateCode('sampleFile', { mediaId: 'm', fileName: 'f', fileType: 3 })).toBe('miss.param.file');
  });
});

// ---- validateMessage --------------------------------------------------------------------------

describe('validateMessage (domain) against the oracle', () => {
  it('answers exactly the oracle for msgParam objects built from the template or arbitrary', () => {
    fc.assert(
      fc.property(paramCase, ({ msgKey, param }) => {
        const msgParam = JSON.stringify(param);
        expect(actualCode(msgKey, msgParam)).toBe(expectedCode(msgKey, msgParam));
      }),
      { numRuns: 2000 },
    );
  });

  it('answers invalidParameter.msgParam.invalid for any msgParam that is not a JSON object, or not a string', () => {
    fc.assert(
      fc.property(msgKeyArb, notAnObject, (msgKey, msgParam) => {
        expect(actualCode(msgKey, msgParam)).toBe('invalidParameter.msgParam.invalid');
      }),
    );
    fc.assert(
      fc.property(
        msgKeyArb,
        fc.anything().filter((v) => typeof v !== 'string'),
        (msgKey, msgParam) => {
          expect(actualCode(msgKey, msgParam)).toBe('invalidParameter.msgParam.invalid');
        },
      ),
    );
  });

  it('answers the msgKey codes for empty and unknown keys, whatever msgParam', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(undefined), fc.constant(''), fc.string()),
        fc.oneof(fc.string(), fc.anything()),
        (msgKey, msgParam) => {
          expect(actualCode(msgKey, msgParam)).toBe(expectedCode(msgKey, msgParam));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('counts msgParam in UTF-8 bytes: over 15,000 is tooLong, up to it is judged on its fields', () => {
    fc.assert(
      fc.property(
        msgKeyArb,
        fc.integer({ min: 14_990, max: 15_010 }),
        fc.constantFrom('a', 'é', '中', '😀'),
        (msgKey, targetBytes, unit) => {
          // {"pad":"…"} is 10 bytes around the padding; pad with `unit`, then top up with ASCII.
          const unitBytes = Buffer.byteLength(unit, 'utf8');
          const room = targetBytes - 10;
          const padding = unit.repeat(Math.floor(room / unitBytes)) + 'a'.repeat(room % unitBytes);
          const msgParam = JSON.stringify({ pad: padding });
          expect(Buffer.byteLength(msgParam, 'utf8')).toBe(targetBytes);
          const code = actualCode(msgKey, msgParam);
          if (targetBytes > MAX_BYTES) expect(code).toBe('invalidParameter.msgParam.tooLong');
          else expect(code).toBe(TEMPLATE_TABLE[msgKey]?.[0]?.code);
        },
      ),
    );
  });
});

// ---- over HTTP --------------------------------------------------------------------------------

describe('batchSend over HTTP against the oracle', () => {
  let dingo: TestDingo;
  let a: OtoClient;
  let token = '';
  /** delivered events seen since the last reset. */
  let delivered = 0;

  beforeAll(async () => {
    // Flow control is off: the property runs send many messages to the same users.
    dingo = await startTestDingo({ flowLimit: 0 });
    token = await dingo.appToken('appA', 'secretA');
    a = otoClient(dingo, token);
    dingo.services.events.subscribe((event) => {
      if (event.type === 'delivered') delivered++;
    });
  });
  afterAll(() => dingo.close());

  it('through the SDK, answers 200 or exactly the code of the first missing field, never a 5xx, and writes only on 200', async () => {
    await fc.assert(
      fc.asyncProperty(paramCase, async ({ msgKey, param }) => {
        const msgParam = JSON.stringify(param);
        const expected = expectedCode(msgKey, msgParam);
        delivered = 0;
        let status: number | undefined;
        let code: string | null = null;
        try {
          const response = await a.send({ robotCode: 'appA', userIds: ['alice', 'zed'], msgKey, msgParam });
          status = response.statusCode;
        } catch (error) {
          const e = error as { statusCode?: number; code?: string };
          status = e.statusCode;
          code = e.code ?? null;
        }
        expect(status).toBeLessThan(500);
        if (expected === null) {
          expect(status).toBe(200);
          expect(delivered).toBe(1);
        } else {
          expect({ status, code }).toEqual({ status: 400, code: expected });
          expect(delivered).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  const userIdsArb = fc.oneof(fc.array(fc.constantFrom('alice', 'bob', 'zed', ''), { maxLength: 25 }), fc.anything());
  const bodyFieldsArb = fc.record(
    {
      robotCode: fc.oneof(fc.constantFrom('appA', 'robotStopped', 'appB', ''), fc.string(), fc.anything()),
      userIds: userIdsArb,
      msgKey: fc.oneof(msgKeyArb, fc.string(), fc.anything()),
      msgParam: fc.oneof(
        paramCase.map(({ param }) => JSON.stringify(param)),
        fc.string(),
        fc.anything(),
      ),
      processQueryKeys: fc.anything(),
    },
    { requiredKeys: [] },
  );
  /** Raw request bodies: JSON objects with fields of any type, any JSON value, text that is not JSON. */
  const rawBodyArb = fc.oneof(
    bodyFieldsArb.map((fields) => JSON.stringify(fields)),
    bodyFieldsArb.map((fields) => JSON.stringify(fields)),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('', '{', '{"robotCode":', 'null', '[]', '{"__proto__":{"robotCode":"appA"}}', '{"constructor":{"prototype":{}}}'),
  );
  const contentTypeArb = fc.constantFrom('application/json', 'application/json;charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined);

  it('never answers a random body with a 5xx, always with the error envelope, and writes only on 200', async () => {
    await fc.assert(
      fc.asyncProperty(rawBodyArb, contentTypeArb, async (body, contentType) => {
        delivered = 0;
        const response = await dingo.http('/v1.0/robot/oToMessages/batchSend', {
          method: 'POST',
          token,
          body,
          headers: contentType === undefined ? {} : { 'content-type': contentType },
        });
        expect(response.status).toBeLessThan(500);
        if (response.status === 200) {
          expect(typeof response.body.processQueryKey).toBe('string');
        } else {
          expect(response.status).toBe(400);
          expect(response.body).toMatchObject({ code: expect.any(String), message: expect.any(String), requestid: expect.any(String) });
          expect(delivered).toBe(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never answers random readStatus queries or batchRecall bodies with a 5xx', async () => {
    const queryArb = fc.array(
      fc.tuple(fc.constantFrom('robotCode', 'processQueryKey', 'other'), fc.oneof(fc.constantFrom('appA', ''), fc.string({ unit: 'binary' }))),
      { maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(queryArb, async (pairs) => {
        const query = pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
        const response = await dingo.http(`/v1.0/robot/oToMessages/readStatus?${query}`, { token });
        expect(response.status).toBeLessThan(500);
        if (response.status !== 200) expect(response.body).toMatchObject({ code: expect.any(String), requestid: expect.any(String) });
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(rawBodyArb, async (body) => {
        const response = await dingo.http('/v1.0/robot/otoMessages/batchRecall', { method: 'POST', token, body, headers: { 'content-type': 'application/json' } });
        expect(response.status).toBeLessThan(500);
        if (response.status !== 200) expect(response.body).toMatchObject({ code: expect.any(String), requestid: expect.any(String) });
      }),
      { numRuns: 200 },
    );
  });
});
