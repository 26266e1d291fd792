import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

/** What a proxy answered to CONNECT: its status, and the tunnel when it is 200 (else its body). */
export async function connectThroughProxy(proxyUrl: string, authority: string): Promise<{ status: number; socket: Socket; body: string }> {
  const proxy = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: authority, headers: { host: authority } });
    request.on('connect', (response, socket, head: Buffer) => {
      if (response.statusCode === 200) {
        resolve({ status: 200, socket, body: '' });
        return;
      }
      let body = head.toString();
      socket.on('data', (chunk: Buffer) => (body += chunk.toString()));
      socket.on('end', () => resolve({ status: response.statusCode ?? 0, socket, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** TLS over an open tunnel, checking the certificate for `servername` against `ca` only (or Node's own roots). */
export function startTls(socket: Socket, servername: string, ca: string | undefined): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const tls = tlsConnect({ socket, servername, ...(ca === undefined ? {} : { ca }) }, () => resolve(tls));
    tls.on('error', reject);
  });
}

/** One HTTPS request over an established TLS socket, as a client believing it talks to `host`. */
export function httpsOver(tls: TLSSocket, host: string, path: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: any }> {
  const body = init.json === undefined ? undefined : JSON.stringify(init.json);
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      {
        host,
        path,
        method: init.method ?? 'GET',
        headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        createConnection: () => tls,
      },
      (response) => readJson(response).then(resolve, reject),
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** A request in proxy form (`GET http://host/path` sent to the proxy itself), as a client with HTTP(S)_PROXY sends it. */
export function absoluteUriRequest(proxyUrl: string, url: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: any }> {
  const proxy = new URL(proxyUrl);
  const body = init.json === undefined ? undefined : JSON.stringify(init.json);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: proxy.hostname,
        port: proxy.port,
        method: init.method ?? 'GET',
        path: url,
        headers: { host: new URL(url).host, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      },
      (response) => readJson(response).then(resolve, reject),
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** A response's status and its body parsed as JSON. */
async function readJson(response: IncomingMessage): Promise<{ status: number; body: any }> {
  let text = '';
  for await (const chunk of response) text += (chunk as Buffer).toString();
  return { status: response.statusCode ?? 0, body: JSON.parse(text) };
}
