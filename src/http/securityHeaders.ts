import type { FastifyInstance } from 'fastify';

/** Markdown and cards are untrusted: the web client may load nothing but its own code, and images over http(s). */
const PAGE_POLICY =
  "default-src 'self'; img-src 'self' http: https: data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The web client's policy: with `--block-remote-images`, pictures only from Dingo itself (no tracking pixels). */
export function pagePolicy(blockRemoteImages: boolean): string {
  return blockRemoteImages ? PAGE_POLICY.replace("img-src 'self' http: https: data:", "img-src 'self' data:") : PAGE_POLICY;
}

/** The API documentation page (Swagger UI): its own scripts and styles; the UI sets inline styles on its elements. */
const DOCS_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** JSON (answers, errors) and the live stream are data, never a page: they may load nothing and be framed nowhere. */
const DATA_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The headers every answer carries, whatever it is (docs/behaviour.md, Security headers). */
const ALWAYS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' } as const;

/** The security headers of an answer written by hand (the live event stream), which no hook sees. */
export const DATA_ANSWER_HEADERS = { ...ALWAYS, 'content-security-policy': DATA_POLICY } as const;

const ALWAYS_HEADERS = Object.entries(ALWAYS);

/** Paths whose answers are a user's own data (the web API, the control plane): never stored by a browser or a proxy. */
const PRIVATE_PREFIXES = ['/api/', '/_dingo/'];

/**
 * The security headers of every answer (docs/behaviour.md, Security headers): a Content-Security-Policy
 * that fits what is answered (the API docs, JSON data, or anything else under the web client's), `nosniff`, no referrer,
 * and `Cache-Control: no-store` on the web API and the control plane. An answer that set its own policy
 * or cache rule (stored files: sandboxed, cached as they say) keeps it.
 */
export function addSecurityHeaders(app: FastifyInstance, { blockRemoteImages }: { blockRemoteImages: boolean }): void {
  const page = pagePolicy(blockRemoteImages);
  // A callback hook: no promise per answer.
  app.addHook('onSend', (request, reply, payload, done) => {
    const url = request.url;
    for (const [name, value] of ALWAYS_HEADERS) reply.header(name, value);
    if (!reply.hasHeader('content-security-policy')) {
      // A 304 revalidating the cached index.html carries no content type, and its policy replaces the cached
      // page's: so everything but JSON gets the page's policy, which is as strict for anything that is not a page.
      const type = reply.getHeader('content-type');
      const policy = isUnder(url, '/docs') ? DOCS_POLICY : typeof type === 'string' && type.startsWith('application/json') ? DATA_POLICY : page;
      reply.header('content-security-policy', policy);
    }
    if (PRIVATE_PREFIXES.some((prefix) => url.startsWith(prefix)) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

/** Whether the path of `url` (a request's path and query) is `path` or below it. */
function isUnder(url: string, path: string): boolean {
  if (!url.startsWith(path)) return false;
  const next = url.charAt(path.length);
  return next === '' || next === '/' || next === '?';
}
