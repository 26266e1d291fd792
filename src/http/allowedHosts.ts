import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { DingoConfig } from '../config.js';
import { ApiError, HOST_NOT_ALLOWED } from '../domain/errors.js';
import type { PublicUrl } from '../publicUrl.js';
import { DINGTALK_HOSTS } from '../transparent/servedHosts.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);
/** Addresses a server "listens everywhere" on: not a name any client uses. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);
/** How many allowed `Host` values are remembered: the few a deployment's clients send, and no more however many a client makes up. */
const REMEMBERED_HOSTS = 64;

/** `name` and `port` of a `Host` value or a URL's host (`[::1]:3000` → `::1`, `3000`); names lower-cased. */
function splitHost(host: string): { name: string; port: string | undefined } {
  const match = /^(?:\[([^\]]*)\]|([^:]*))(?::(\d*))?$/.exec(host.trim().toLowerCase());
  return { name: match?.[1] ?? match?.[2] ?? '', port: match?.[3] || undefined };
}

/**
 * Which hosts a request may name, against DNS rebinding: a page of `evil.example` whose name
 * the attacker points at Dingo's address sends `Host: evil.example` and `Origin: http://evil.example`,
 * and both are refused. A request's `Host` is accepted when it is an IP address (a page can only be
 * loaded from an IP address by someone who holds it, so no rebinding comes that way), `localhost`,
 * the configured `--host`, the public URL's host, a name of `--allowed-hosts` (with its port when it
 * lists one), or, in transparent mode, one of DingTalk's hosts. `Origin`, which says what page sent a
 * write, is never compared with the request's own `Host`: it is accepted when it names a loopback
 * address or one of those names, or is Dingo's own address.
 */
export class AllowedHosts {
  /** Names accepted on any port. */
  private readonly names = new Set<string>(['localhost']);
  /** `name:port` pairs of `--allowed-hosts` that name a port. */
  private readonly namesWithPort = new Set<string>();
  private readonly trustProxy: boolean;
  /** `Host` values already found allowed, as sent: a request naming one again is not parsed (the verdict never changes). */
  private readonly hostsAllowed = new Set<string>();

  constructor(
    config: Pick<DingoConfig, 'host' | 'publicUrl' | 'allowedHosts' | 'transparent' | 'trustProxy'>,
    private readonly publicUrl: PublicUrl,
  ) {
    if (!WILDCARD_HOSTS.has(config.host)) this.names.add(splitHost(config.host).name);
    if (config.publicUrl !== undefined) this.names.add(new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, ''));
    if (config.transparent) for (const host of DINGTALK_HOSTS) this.names.add(host);
    for (const entry of config.allowedHosts) {
      const { name, port } = splitHost(entry);
      if (port === undefined) this.names.add(name);
      else this.namesWithPort.add(`${name}:${port}`);
    }
    this.trustProxy = config.trustProxy;
  }

  /** Whether a request naming `host` (a `Host` header's value) is served. */
  allowsHost(host: string | undefined): boolean {
    if (host === undefined) return false;
    if (this.hostsAllowed.has(host)) return true;
    const { name, port } = splitHost(host);
    if (name === '') return false;
    const allowed = isIP(name) !== 0 || this.names.has(name) || (port !== undefined && this.namesWithPort.has(`${name}:${port}`));
    if (allowed && this.hostsAllowed.size < REMEMBERED_HOSTS) this.hostsAllowed.add(host);
    return allowed;
  }

  /** The host a request names: its `X-Forwarded-Host` behind a trusted proxy that sets one, else its `Host`. */
  hostOf(request: IncomingMessage): string | undefined {
    const forwarded = this.trustProxy ? request.headers['x-forwarded-host'] : undefined;
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    return first || request.headers.host;
  }

  /** Whether `request` names an allowed host (for the WebSocket upgrades, which no route hook sees). */
  allowsRequest(request: IncomingMessage): boolean {
    return this.allowsHost(this.hostOf(request));
  }

  /** Whether a write sent by a page of `origin` (an `Origin` header's value) is Dingo's own page. */
  allowsOrigin(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    const { name, port } = splitHost(url.host);
    if (LOOPBACK_NAMES.has(name) || /^127(\.\d{1,3}){3}$/.test(name)) return true;
    if (this.publicUrl.ownHosts().includes(url.host)) return true;
    return isIP(name) === 0 && (this.names.has(name) || (port !== undefined && this.namesWithPort.has(`${name}:${port}`)));
  }

  /** Refuses, before anything else runs, every request on `app` that names a host not allowed. */
  refuseOtherHosts(app: FastifyInstance): void {
    // A callback hook: no promise per request.
    app.addHook('onRequest', (request, _reply, done) => {
      if (this.allowsRequest(request.raw)) return done();
      done(new ApiError(403, HOST_NOT_ALLOWED, `Dingo does not answer for the host ${JSON.stringify(this.hostOf(request.raw) ?? '')}: add it to --allowed-hosts (DINGO_ALLOWED_HOSTS) if it is Dingo's.`));
    });
  }
}
