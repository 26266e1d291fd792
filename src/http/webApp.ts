import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PACKAGE_ROOT } from '../packageRoot.js';

/** Where `npm run build` puts the web client. */
export const WEB_ROOT = join(PACKAGE_ROOT, 'dist', 'web');

/** Markdown and cards are untrusted: the client may load nothing but its own code, and images over http(s). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' http: https: data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Paths the single-page app routes itself; each is answered with index.html. */
const APP_PATHS = ['/', '/console', '/console/*', '/chats/*'];

/** Serves the built web client (docs/behaviour.md, Web client and console) with a strict Content-Security-Policy. */
export async function webAppRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });

  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    app.log.warn({ webRoot: WEB_ROOT }, 'the web client is not built: run `npm run build`');
    for (const path of APP_PATHS) {
      app.get(path, { schema: { hide: true } }, async (_request, reply) =>
        reply.code(503).type('text/plain; charset=utf-8').send('The web client is not built. Run `npm run build`, then start Dingo again.\n'),
      );
    }
    return;
  }

  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    index: false,
    // Serve what is on disk now, so a rebuilt client is served without a restart.
    wildcard: true,
    setHeaders: (response, path) => {
      // Vite fingerprints everything under assets/; the rest must be revalidated.
      response.header('cache-control', path.includes(`${join('web', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  for (const path of APP_PATHS) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) => reply.sendFile('index.html'));
  }
}
