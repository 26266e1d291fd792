import type { FastifyInstance } from 'fastify';

/** What the legacy robot webhooks (`/robot/send`, `/robot/sendBySession`) answer, always with HTTP 200. */
export const LEGACY_ANSWER_SCHEMA = { type: 'object', properties: { errcode: { type: 'integer' }, errmsg: { type: 'string' } } } as const;

/**
 * In this plugin's scope, every body is read as text whatever its content type: the webhooks
 * parse it as JSON themselves, and what is not JSON is a bad body (40035), never a 415 or a 400.
 */
export function readEveryBodyAsText(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body.toString()));
}

/** The body as JSON, or undefined when it is none. */
export function parseJsonBody(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}

/** Their answer once the message is committed; refusals are thrown and answered by the scope (answerRefusalsInLegacyForm). */
export const LEGACY_OK = { errcode: 0, errmsg: 'ok' } as const;
