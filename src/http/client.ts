import type { FastifyInstance } from 'fastify';
import { ApiError } from '../domain/errors.js';
import { framedForEachViewer, type LiveEventView, type LiveEventViewer } from '../domain/liveEventAudience.js';
import type { UserChats } from '../domain/userChats.js';
import { WEB_SESSION_LIFETIME_MS, type SessionUser, type WebSessions } from '../domain/webSessions.js';
import type { DingoEvent, EventBus } from '../events/bus.js';
import type { DirectoryStore } from '../store/directoryStore.js';
import { StoreUnavailable } from '../store/storeUnavailable.js';
import { DATA_ANSWER_HEADERS } from './securityHeaders.js';
import { requireUser, SESSION_COOKIE, setSessionCookie } from './webSession.js';
import { chatEntrySchema, chatSummarySchema, toChatEntry, toChatSummary } from './presenters/chatEntry.js';
import { errorResponses } from './wire.js';

const text = { type: 'string' } as const;
const nonEmpty = { type: 'string', minLength: 1 } as const;
const tags = ['web client'];
const webErrors = { ...errorResponses, 401: { $ref: 'ErrorBody#' }, 404: { $ref: 'ErrorBody#' } };

const sessionUserSchema = {
  type: 'object',
  properties: { corpId: text, corpName: text, userId: text, name: text, isAdmin: { type: 'boolean' } },
} as const;
const sessionSchema = {
  type: 'object',
  properties: { user: { anyOf: [sessionUserSchema, { type: 'null' }] }, dev: { type: 'boolean' } },
} as const;
/** One server-sent event. */
const sseFrame = (view: LiveEventView) => `event: ${view.type}\ndata: ${JSON.stringify(view)}\n\n`;

/** Each event's server-sent text per viewer, built once per event for all the streams that carry it. */
const framedByEvent = new WeakMap<DingoEvent, (viewer: LiveEventViewer) => string | undefined>();
function framedForEvent(event: DingoEvent): (viewer: LiveEventViewer) => string | undefined {
  let framed = framedByEvent.get(event);
  if (!framed) framedByEvent.set(event, (framed = framedForEachViewer(event, sseFrame)));
  return framed;
}

interface ClientRouteOptions {
  dev: boolean;
  directory: DirectoryStore;
  sessions: WebSessions;
  chats: UserChats;
  events: EventBus;
  /** Live streams one user may hold open at once (`--live-streams-per-user`). */
  liveStreamsPerUser: number;
}

/** The answer to one live stream more than a user may hold (docs/behaviour.md, Slow and hostile clients). */
export const TOO_MANY_LIVE_STREAMS = 'tooManyLiveStreams';

/** The web client's API (web/src/api/contract.ts): sign-in, chats, and live events. */
export async function clientRoutes(app: FastifyInstance, { dev, directory, sessions, chats, events, liveStreamsPerUser }: ClientRouteOptions): Promise<void> {
  const sessionResponse = (user: SessionUser | null) => ({ user, dev });
  const maxAge = WEB_SESSION_LIFETIME_MS / 1000;
  /** Open live-event streams, each with the hash of the session it was opened with and its user (`corpId/userId`). */
  const openStreams = new Map<() => void, { sessionHash: string | undefined; user: string }>();
  // A session's live streams end with it, whichever node signed it out.
  const stopListening = sessions.onSignOut((sessionHash) => {
    for (const [stop, stream] of openStreams) if (stream.sessionHash === sessionHash) stop();
  });

  app.get('/api/session', { schema: { tags, summary: 'Who is signed in', response: { 200: sessionSchema } } }, async (request) =>
    sessionResponse(request.sessionUser),
  );

  app.post<{ Body: { corpId: string; userId: string; password: string } }>(
    '/api/session',
    {
      schema: {
        tags,
        summary: 'Sign in with a password from the directory',
        body: { type: 'object', required: ['corpId', 'userId', 'password'], properties: { corpId: nonEmpty, userId: nonEmpty, password: text } },
        response: { 200: sessionSchema, ...webErrors },
      },
    },
    async (request, reply) => {
      const { cookie, user } = await sessions.signIn(request.body.corpId, request.body.userId, request.body.password, request.ip);
      setSessionCookie(request, reply, cookie, maxAge);
      return sessionResponse(user);
    },
  );

  app.delete('/api/session', { schema: { tags, summary: 'Sign out' } }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    await sessions.signOut(cookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  if (dev) {
    app.post<{ Body: { corpId: string; userId: string } }>(
      '/api/session/dev',
      {
        schema: {
          tags,
          summary: 'Dev mode: sign in as any user, without a password',
          body: { type: 'object', required: ['corpId', 'userId'], properties: { corpId: nonEmpty, userId: nonEmpty } },
          response: { 200: sessionSchema, ...webErrors },
        },
      },
      async (request, reply) => {
        const { cookie, user } = await sessions.signInAs(request.body.corpId, request.body.userId);
        setSessionCookie(request, reply, cookie, maxAge);
        return sessionResponse(user);
      },
    );

    app.get(
      '/api/dev/users',
      { schema: { tags, summary: 'Dev mode: every user, for the user switcher', response: { 200: { type: 'object', properties: { users: { type: 'array', items: sessionUserSchema } } } } } },
      async () => ({
        users: (await directory.listAllUsers()).map((u) => ({ corpId: u.corpId, corpName: u.corpName, userId: u.userId, name: u.name, isAdmin: u.isAdmin })),
      }),
    );
  }

  app.get(
    '/api/chats',
    { schema: { tags, summary: "The signed-in user's chats, newest first", response: { 200: { type: 'object', properties: { chats: { type: 'array', items: chatSummarySchema } } }, ...webErrors } } },
    async (request) => ({ chats: (await chats.list(requireUser(request))).map(toChatSummary) }),
  );

  app.get<{ Params: { chatId: string } }>(
    '/api/chats/:chatId/messages',
    {
      schema: {
        tags,
        summary: 'A chat and its messages, oldest first',
        params: { type: 'object', properties: { chatId: text } },
        response: { 200: { type: 'object', properties: { chat: chatSummarySchema, messages: { type: 'array', items: chatEntrySchema } } }, ...webErrors },
      },
    },
    async (request) => {
      const { chat, messages } = await chats.open(requireUser(request), request.params.chatId);
      return { chat: toChatSummary(chat), messages: messages.map(toChatEntry) };
    },
  );

  app.post<{ Params: { chatId: string } }>(
    '/api/chats/:chatId/read',
    {
      schema: {
        tags,
        summary: 'Read every message of a chat, as opening it does',
        params: { type: 'object', properties: { chatId: text } },
        response: { 200: { type: 'object', properties: { read: { type: 'integer' } } }, ...webErrors },
      },
    },
    async (request) => ({ read: await chats.markRead(requireUser(request), request.params.chatId) }),
  );

  // Live events over server-sent events. Streams end when the server closes, so shutdown never waits on them.
  app.addHook('preClose', async () => {
    stopListening();
    for (const stop of openStreams.keys()) stop();
  });
  app.get('/api/events', { schema: { tags, summary: 'Server-sent events: what changed for the signed-in user' } }, async (request, reply) => {
    const user = requireUser(request);
    const userKey = `${user.corpId}/${user.userId}`;
    if ([...openStreams.values()].filter((stream) => stream.user === userKey).length >= liveStreamsPerUser) {
      throw new ApiError(429, TOO_MANY_LIVE_STREAMS, `this user already holds ${liveStreamsPerUser} live event streams, the most one may (--live-streams-per-user); close one first`);
    }
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      ...DATA_ANSWER_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    stream.write('retry: 2000\n\n');
    const unsubscribe = events.subscribeToCorp(user.corpId, (event) => {
      const text = framedForEvent(event)(user);
      if (text) stream.write(text);
    });
    const cookie = request.cookies[SESSION_COOKIE];
    // Each heartbeat checks the session again: a stream never outlives it (expiry, removed user). While the
    // database is away the session cannot be checked: the stream stays open and is checked on the next beat.
    const heartbeat = setInterval(() => {
      sessions.resolve(cookie).then(
        (current) => (current?.userId === user.userId && current.isAdmin === user.isAdmin ? stream.write(': keep-alive\n\n') : stop()),
        (error: unknown) => (error instanceof StoreUnavailable ? stream.write(': keep-alive\n\n') : stop()),
      );
    }, 25_000);
    const stop = () => {
      if (!openStreams.delete(stop)) return;
      clearInterval(heartbeat);
      unsubscribe();
      stream.end();
    };
    openStreams.set(stop, { sessionHash: sessions.sessionHashOf(cookie), user: userKey });
    stream.on('close', stop);
  });
}
