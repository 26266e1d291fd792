import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Clock } from '../clock.js';
import type { BotPush, PushChannel, PushOutcome } from '../domain/pushChannel.js';
import type { StreamPresence } from '../domain/deliveryLog.js';
import { HOST_NOT_ALLOWED } from '../domain/errors.js';
import type { StreamTickets } from '../domain/streamTickets.js';
import type { StreamTicketRecord } from '../store/botDeliveryStore.js';

/** Where bots open their sockets: the `endpoint` the gateway's open call hands out. */
export const STREAM_GATEWAY_PATH = '/gateway/stream';
/** Dingo pings every connection this often (real time); the SDK echoes each ping. */
export const PING_INTERVAL_MS = 30_000;
/** After a `disconnect` system message, the socket closes this much later (real time). */
export const DISCONNECT_GRACE_MS = 10_000;

/** What the gateway tells the delivery service: who connected, and which pushes were acked. */
export interface StreamGatewayListener {
  connected(clientId: string): void;
  /** `push`, sent on the connection `connectionId`, was acked there. */
  acked(push: BotPush, connectionId: string): void;
}

interface StreamConnection {
  id: string;
  clientId: string;
  /** When it opened, on Dingo's clock. */
  connectedAt: number;
  /** The CALLBACK topics the connection subscribed to. */
  callbackTopics: Set<string>;
  socket: WebSocket;
  /** Pushes sent on this connection and not acked yet, by messageId. */
  unacked: Map<string, BotPush>;
  timers: NodeJS.Timeout[];
}

/**
 * DingTalk's Stream mode over WebSocket (docs/behaviour.md, Conversations and
 * Stream mode): sockets opened with a single-use ticket, frames down (SYSTEM
 * ping and disconnect, CALLBACK pushes), acks up. The transport only: which
 * message goes where and when is the delivery service's business
 * (src/domain/botDeliveries.ts); this is its push channel.
 */
export class StreamGateway implements PushChannel, StreamPresence {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly connections = new Map<string, StreamConnection[]>();
  /** Round-robin position per app, so several connections share the pushes. */
  private readonly turns = new Map<string, number>();
  private listener: StreamGatewayListener | undefined;

  constructor(
    private readonly tickets: StreamTickets,
    private readonly clock: Clock,
    /** Sockets one app (clientId) may hold open at once; one more is refused with 429 `tooManyConnections`. */
    private readonly connectionsPerApp: number,
  ) {}

  /** The one listener of the gateway's events (the delivery service). */
  reportTo(listener: StreamGatewayListener): void {
    this.listener = listener;
  }

  /**
   * Accepts Stream sockets on `http`'s upgrade requests to the gateway path, of requests naming
   * a host `allowsRequest` accepts (docs/behaviour.md, Hosts and origins).
   */
  attachTo(http: Server, allowsRequest: (request: IncomingMessage) => boolean): void {
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!allowsRequest(request)) return refuseUpgrade(socket, 403, 'Dingo does not answer for this host');
      const url = new URL(request.url ?? '/', 'http://gateway');
      if (url.pathname !== STREAM_GATEWAY_PATH) return refuseUpgrade(socket, 404, 'no such endpoint');
      this.tickets.redeem(url.searchParams.get('ticket') ?? '').then(
        (ticket) => {
          if (!ticket) return refuseUpgrade(socket, 401, 'invalid, used or expired ticket');
          if (this.connectionCount(ticket.clientId) >= this.connectionsPerApp) {
            return refuseUpgrade(socket, 429, `this app already holds ${this.connectionsPerApp} Stream connections, the most it may (--stream-connections-per-app)`);
          }
          this.server.handleUpgrade(request, socket, head, (ws) => this.open(ws, ticket));
        },
        () => refuseUpgrade(socket, 500, 'could not check the ticket'),
      );
    });
  }

  canReach(push: Pick<BotPush, 'clientId' | 'topic'>): boolean {
    return this.receiversOf(push).length > 0;
  }

  push(push: BotPush): PushOutcome {
    const candidates = this.receiversOf(push);
    if (candidates.length === 0) return { kind: 'noReceiver' };
    const turn = (this.turns.get(push.clientId) ?? 0) % candidates.length;
    this.turns.set(push.clientId, turn + 1);
    const connection = candidates[turn] as StreamConnection;
    connection.unacked.set(push.deliveryId, push);
    this.send(connection, 'CALLBACK', push.topic, push.deliveryId, push.payload);
    return { kind: 'sent', connectionId: connection.id };
  }

  /**
   * Sends DingTalk's `disconnect` system message to the app's connections (every
   * connection without `clientId`), and closes each `closeAfterMs` later. Returns how many.
   */
  disconnect(clientId?: string, closeAfterMs = DISCONNECT_GRACE_MS): number {
    const targets = clientId === undefined ? [...this.connections.values()].flat() : (this.connections.get(clientId) ?? []);
    for (const connection of targets) {
      this.send(connection, 'SYSTEM', 'disconnect', newMessageId(), JSON.stringify({ reason: 'the server asked this connection to reconnect' }));
      connection.timers.push(setTimeout(() => connection.socket.close(1000, 'disconnect'), closeAfterMs));
    }
    return targets.length;
  }

  /** How many connections an app has open on this node. */
  connectionCount(clientId: string): number {
    return this.connections.get(clientId)?.length ?? 0;
  }

  connectionsOf(clientId: string): Array<{ connectionId: string; connectedAt: number }> {
    return (this.connections.get(clientId) ?? []).map((c) => ({ connectionId: c.id, connectedAt: c.connectedAt }));
  }

  /** Closes every socket at once (server shutdown). */
  close(): void {
    for (const connection of [...this.connections.values()].flat()) connection.socket.terminate();
    this.server.close();
  }

  /** This node's connections of the app that subscribed to the push's topic. */
  private receiversOf(push: Pick<BotPush, 'clientId' | 'topic'>): StreamConnection[] {
    return (this.connections.get(push.clientId) ?? []).filter((c) => c.callbackTopics.has(push.topic) || c.callbackTopics.has('*'));
  }

  private open(socket: WebSocket, ticket: StreamTicketRecord): void {
    const connection: StreamConnection = {
      id: newMessageId(),
      clientId: ticket.clientId,
      connectedAt: this.clock.now(),
      callbackTopics: new Set(ticket.subscriptions.filter((s) => s.type === 'CALLBACK').map((s) => s.topic)),
      socket,
      unacked: new Map(),
      timers: [],
    };
    this.connections.set(connection.clientId, [...(this.connections.get(connection.clientId) ?? []), connection]);
    const ping = setInterval(() => this.send(connection, 'SYSTEM', 'ping', newMessageId(), JSON.stringify({ opaque: newMessageId() })), PING_INTERVAL_MS);
    connection.timers.push(ping);
    socket.on('message', (data) => this.upstream(connection, data));
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      for (const timer of connection.timers) clearTimeout(timer);
      const rest = (this.connections.get(connection.clientId) ?? []).filter((c) => c !== connection);
      if (rest.length === 0) this.connections.delete(connection.clientId);
      else this.connections.set(connection.clientId, rest);
    });
    this.listener?.connected(connection.clientId);
  }

  /** An ack `{code: 200, headers: {messageId}}` of a push on this connection; echoed pings and anything else are ignored. */
  private upstream(connection: StreamConnection, data: RawData): void {
    let frame: { code?: unknown; headers?: { messageId?: unknown } };
    try {
      frame = JSON.parse(data.toString()) as typeof frame;
    } catch {
      return;
    }
    const messageId = frame?.headers?.messageId;
    if (typeof messageId !== 'string' || frame.code !== 200) return;
    const push = connection.unacked.get(messageId);
    if (push === undefined) return;
    connection.unacked.delete(messageId);
    this.listener?.acked(push, connection.id);
  }

  private send(connection: StreamConnection, type: 'SYSTEM' | 'CALLBACK', topic: string, messageId: string, data: string): void {
    const headers = { appId: connection.clientId, connectionId: connection.id, contentType: 'application/json', messageId, time: String(this.clock.now()), topic };
    connection.socket.send(JSON.stringify({ specVersion: '1.0', type, headers, data }));
  }
}

/** The socket URL of an http(s) URL: ws, or wss. */
export function webSocketUrlOf(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

const UPGRADE_REFUSALS = {
  401: { code: 'invalidTicket', statusText: 'Unauthorized' },
  403: { code: HOST_NOT_ALLOWED, statusText: 'Forbidden' },
  404: { code: 'refused', statusText: 'Not Found' },
  429: { code: 'tooManyConnections', statusText: 'Too Many Requests' },
  500: { code: 'refused', statusText: 'Internal Server Error' },
} as const;

function refuseUpgrade(socket: Duplex, status: keyof typeof UPGRADE_REFUSALS, reason: string): void {
  const { code, statusText } = UPGRADE_REFUSALS[status];
  const body = JSON.stringify({ code, message: reason });
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/** 128 random bits, hex. */
function newMessageId(): string {
  return randomBytes(16).toString('hex');
}
