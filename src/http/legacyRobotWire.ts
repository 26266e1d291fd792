import type { FastifyInstance } from 'fastify';
import { LegacyApiError } from '../domain/errors.js';

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

/** Runs `work` and answers `{errcode: 0, errmsg: "ok"}`, or its LegacyApiError as `{errcode, errmsg}`. */
export async function answerLegacy(work: () => Promise<unknown>): Promise<{ errcode: number; errmsg: string }> {
  try {
    await work();
    return { errcode: 0, errmsg: 'ok' };
  } catch (error) {
    if (error instanceof LegacyApiError) return { errcode: error.errcode, errmsg: error.errmsg };
    throw error;
  }
}
