import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { ApiError } from '../domain/errors.js';
import type { PublicUrl } from '../publicUrl.js';
import type { CertificateAuthority } from '../transparent/certificateAuthority.js';
import { DINGTALK_HOSTS, dingTalkConnectHost, requestTarget } from '../transparent/servedHosts.js';
import { JSON_CONTENT_TYPE, newRequestId } from './wire.js';

/** A tunnel whose TLS handshake has not finished by then is closed. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

const REFUSED_CODE = 'Forbidden.ProxyTargetRefused';

/**
 * Dingo as an HTTPS proxy for DingTalk's hosts only (docs/behaviour.md, Transparent mode).
 * `CONNECT api.dingtalk.com:443` is answered by Dingo itself: the tunnel's TLS is terminated
 * with the host's certificate from Dingo's CA and the decrypted stream is handed to the same
 * HTTP server, so every route, hook and log line applies. Absolute-URI requests
 * (`GET https://api.dingtalk.com/…` sent in plain HTTP) are rewritten to their path before
 * routing. Every other target is refused with a 403; Dingo opens no outbound connection.
 */
export class TransparentProxy {
  /** Absolute-URI requests for a host Dingo does not serve, and that host. */
  private readonly refused = new WeakMap<IncomingMessage, string>();

  constructor(
    /** undefined when transparent mode is off: only Dingo's own address is served then. */
    private readonly authority: CertificateAuthority | undefined,
    private readonly publicUrl: PublicUrl,
  ) {}

  /** Fastify's `rewriteUrl`: an absolute URI naming a served host becomes its path; any other is marked refused. */
  readonly rewriteUrl = (request: IncomingMessage): string => {
    const url = request.url ?? '/';
    // Nearly every request is in origin form: answered without parsing anything.
    if (url.startsWith('/')) return url;
    const target = requestTarget(url, { dingTalk: this.authority !== undefined, own: this.publicUrl.ownHosts() });
    if (target.kind === 'origin') return url;
    if (target.kind === 'served') return target.path;
    this.refused.set(request, target.host);
    return '/';
  };

  /** Refuses, before anything else runs, the absolute-URI requests `rewriteUrl` marked. */
  refuseForeignTargets(app: FastifyInstance): void {
    // A callback hook: no promise per request.
    app.addHook('onRequest', (request, _reply, done) => {
      const host = this.refused.get(request.raw);
      done(host === undefined ? undefined : new ApiError(403, REFUSED_CODE, this.refusal(host)));
    });
  }

  /** Answers CONNECT on `server`: a tunnel into Dingo for DingTalk's hosts, a 403 for anything else. */
  answerConnect(server: Server, log: FastifyBaseLogger): void {
    server.on('connect', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const target = request.url ?? '';
      const host = this.authority === undefined ? undefined : dingTalkConnectHost(target);
      if (host === undefined || this.authority === undefined) {
        log.warn({ method: 'CONNECT', target }, 'proxy target refused: Dingo forwards nothing');
        refuseTunnel(socket, this.refusal(target));
        return;
      }
      socket.on('error', () => socket.destroy());
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) socket.unshift(head);
      const tls = new TLSSocket(socket, { isServer: true, secureContext: this.authority.contextFor(host), ALPNProtocols: ['http/1.1'] });
      const handshakeTimer = setTimeout(() => tls.destroy(), HANDSHAKE_TIMEOUT_MS);
      // A client gone before the handshake ends (TLS 1.3 lets it finish first) closes the tunnel at once.
      const abandon = () => tls.destroy();
      tls.once('end', abandon);
      tls.once('close', () => {
        clearTimeout(handshakeTimer);
        socket.destroy();
      });
      tls.once('error', (error: Error) => {
        log.info({ host, reason: error.message }, `TLS handshake for ${host} failed: does the client trust Dingo's CA (NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, SSL_CERT_FILE)?`);
        tls.destroy();
      });
      tls.once('secure', () => {
        clearTimeout(handshakeTimer);
        tls.off('end', abandon);
        tls.removeAllListeners('error');
        // From here on it is one more connection of the HTTP server, as an HTTPS server hands over its own.
        server.emit('connection', tls);
      });
    });
  }

  private refusal(target: string): string {
    const served = this.authority === undefined ? 'only its own address (transparent mode is off)' : `only ${DINGTALK_HOSTS.join(', ')} and its own address`;
    return `Dingo is not an open proxy: it serves ${served} and never forwards a request anywhere; ${JSON.stringify(target)} is refused.`;
  }
}

function refuseTunnel(socket: Duplex, message: string): void {
  const body = JSON.stringify({ code: REFUSED_CODE, message, requestid: newRequestId() });
  socket.end(
    `HTTP/1.1 403 Forbidden\r\ncontent-type: ${JSON_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
