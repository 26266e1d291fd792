import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../domain/errors.js';
import type { SessionUser, WebSessions } from '../domain/webSessions.js';

export const SESSION_COOKIE = 'dingo_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person of a web API request, if any. */
    sessionUser: SessionUser | null;
  }
}

/** Resolves the session cookie of every request in `app`'s scope into `request.sessionUser`. */
export function resolveWebSessions(app: FastifyInstance, sessions: WebSessions): void {
  app.decorateRequest('sessionUser', null);
  app.addHook('preHandler', async (request) => {
    request.sessionUser = (await sessions.resolve(request.cookies[SESSION_COOKIE])) ?? null;
  });
}

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.sessionUser) throw new ApiError(401, 'notSignedIn', 'Sign in first.');
  return request.sessionUser;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    // Behind a TLS-terminating proxy the client's scheme is in x-forwarded-proto; marking the cookie Secure is always safe.
    secure: request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https',
    path: '/',
    maxAge: maxAgeSeconds,
  });
}
