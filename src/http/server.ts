import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { HttpTimeouts } from '../config.js';
import type { Services } from '../services.js';
import { clientRoutes } from './client.js';
import { composerRoutes } from './composer.js';
import { consoleRoutes } from './console.js';
import { consoleCustomRobotRoutes } from './consoleCustomRobots.js';
import { controlRoutes } from './control.js';
import { refuseCrossSiteWrites } from './crossSite.js';
import { customRobotWebhookRoutes } from './customRobotWebhook.js';
import { groupChatRoutes } from './groupChat.js';
import { legacyUserRoutes } from './legacyUsers.js';
import { mediaUploadRoutes } from './mediaUpload.js';
import { downloadUrlRoutes, messageFileRoutes } from './messageFiles.js';
import { measureRequests, operationsRoutes } from './operations.js';
import { oneToOneRoutes } from './oto.js';
import { privateChatRoutes } from './privateChat.js';
import { OneLinePerRequest } from './requestLog.js';
import { addSecurityHeaders } from './securityHeaders.js';
import { capRequestsPerIp } from './requestsPerIp.js';
import { decorateRobotRequests, guardRobotCalls } from './robotAuth.js';
import { legacyTokenRoutes, tokenRoutes } from './tokens.js';
import { webAppRoutes } from './webApp.js';
import { webFileRoutes } from './webFiles.js';
import { sessionWebhookRoutes } from './sessionWebhook.js';
import { streamOpenRoutes } from './streamOpen.js';
import { TransparentProxy } from './transparentProxy.js';
import { resolveWebSessions } from './webSession.js';
import { answerFrameworkError, answerUnparsableRequest, installWireRules, newRequestId } from './wire.js';

/** 1 MiB: larger bodies get a 400 (docs/behaviour.md, Requests). */
export const BODY_LIMIT = 1024 * 1024;

/**
 * Node's timeouts (docs/behaviour.md, Slow and hostile clients): a request whose headers, or whole
 * self, have not arrived in time is answered 408 and its connection closed; an idle kept-alive
 * connection, or any socket silent both ways, is closed. Node checks the first two every so often:
 * a quarter of the shorter one here, so a short timeout holds near its length.
 */
function nodeTimeouts(timeouts: HttpTimeouts) {
  const shortest = Math.min(...[timeouts.headersMs, timeouts.requestMs].filter((ms) => ms > 0));
  return {
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionTimeout: timeouts.idleMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: Math.min(30_000, Math.max(25, Math.floor(shortest / 4))) },
  };
}

/** Builds the HTTP adapter over the services: routes translate wire ↔ domain and nothing else. */
export async function buildHttpServer(services: Services, logger: FastifyBaseLogger): Promise<FastifyInstance> {
  const proxy = new TransparentProxy(services.certificateAuthority, services.publicUrl);
  const { allowedHosts } = services;
  const app = Fastify({
    // Behind a trusted proxy (one hop), `request.ip` is the address it appended last to `X-Forwarded-For`: the
    // per-IP cap, sign-in's turns, custom robots' IP ranges and the logs all see the client, not the proxy.
    trustProxy: services.config.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
    rewriteUrl: proxy.rewriteUrl,
    loggerInstance: logger,
    genReqId: newRequestId,
    logController: new OneLinePerRequest({ requestIdLogLabel: 'requestid' }),
    bodyLimit: BODY_LIMIT,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: false } },
    // On close Node stops accepting connections and closes each keep-alive one once idle; a request that
    // still reaches a handler is served as usual (the store closes after the server), never a bare 503.
    return503OnClosing: false,
    ...nodeTimeouts(services.config.timeouts),
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerUnparsableRequest,
  });
  // Only JSON bodies are part of the API; text bodies answer like any wrong content type.
  app.removeContentTypeParser('text/plain');
  installWireRules(app);
  addSecurityHeaders(app, services.config);
  proxy.refuseForeignTargets(app);
  allowedHosts.refuseOtherHosts(app);
  capRequestsPerIp(app, services.config.requestsPerIp);
  proxy.answerConnect(app.server, app.log);
  decorateRobotRequests(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Dingo — DingTalk robot messaging API',
        version: services.version,
        description: 'The DingTalk robot API as Dingo serves it. Robot endpoints take the header x-acs-dingtalk-access-token.',
      },
      components: {
        securitySchemes: { accessToken: { type: 'apiKey', in: 'header', name: 'x-acs-dingtalk-access-token' } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const { registry } = services.metrics;
  measureRequests(app, registry);
  await app.register(operationsRoutes, { store: services.store, registry, metrics: services.config.metrics, dev: services.config.dev });
  await app.register(tokenRoutes, { tokens: services.tokens });
  await app.register(legacyTokenRoutes, { tokens: services.tokens });
  await app.register(mediaUploadRoutes, { admission: services.admission, mediaFiles: services.mediaFiles });
  await app.register(legacyUserRoutes, { admission: services.admission, legacyUsers: services.legacyUsers });
  await app.register(downloadUrlRoutes, { mediaFiles: services.mediaFiles });
  await app.register(streamOpenRoutes, { tickets: services.streamTickets, publicUrl: services.publicUrl });
  await app.register(sessionWebhookRoutes, { sessionWebhooks: services.sessionWebhooks });
  await app.register(customRobotWebhookRoutes, { customRobotWebhook: services.customRobotWebhook });
  await app.register(async (robotApi) => {
    guardRobotCalls(robotApi, services.admission);
    await robotApi.register(oneToOneRoutes, { oneToOne: services.oneToOne });
    await robotApi.register(privateChatRoutes, { privateChat: services.privateChat });
    await robotApi.register(groupChatRoutes, { groupChat: services.groupChat });
    await robotApi.register(messageFileRoutes, { mediaFiles: services.mediaFiles });
  });
  await app.register(cookie);
  await app.register(async (webApi) => {
    refuseCrossSiteWrites(webApi, allowedHosts);
    resolveWebSessions(webApi, services.sessions);
    await webApi.register(clientRoutes, {
      dev: services.config.dev,
      directory: services.store.directory,
      sessions: services.sessions,
      chats: services.chats,
      events: services.events,
      liveStreamsPerUser: services.config.liveStreamsPerUser,
    });
    await webApi.register(composerRoutes, { conversations: services.conversations, chats: services.chats });
    await webApi.register(consoleRoutes, { corpConsole: services.corpConsole, sessions: services.sessions, access: services.consoleAccess, deliveryLog: services.deliveryLog });
    await webApi.register(consoleCustomRobotRoutes, { customRobots: services.customRobots, corpConsole: services.corpConsole, access: services.consoleAccess });
    await webApi.register(webFileRoutes, { mediaFiles: services.mediaFiles });
  });
  await app.register(webAppRoutes);
  if (services.config.dev) {
    await app.register(async (controlPlane) => {
      refuseCrossSiteWrites(controlPlane, allowedHosts);
      await controlPlane.register(controlRoutes, {
        clockOffset: services.clockOffset,
        messages: services.messages,
        limits: services.limits,
        conversations: services.conversations,
        botDeliveries: services.botDeliveries,
        caches: services.caches,
        deliveryLog: services.deliveryLog,
        streamGateway: services.streamGateway,
        faults: services.faults,
        certificateAuthority: services.certificateAuthority,
      });
    });
  }
  return app;
}
