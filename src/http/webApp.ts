import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PACKAGE_ROOT } from '../packageRoot.js';

/** Where `npm run build` puts the web client. */
export const WEB_ROOT = join(PACKAGE_ROOT, 'dist', 'web');

/** Paths the single-page app routes itself; each is answered with index.html. */
const APP_PATHS = ['/', '/console', '/console/*', '/chats/*'];

/** Serves the built web client (docs/behaviour.md, Web client and console); its Content-Security-Policy comes with every page (securityHeaders.ts). */
export async function webAppRoutes(app: FastifyInstance): Promise<void> {
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
