import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { StreamTicketRecord } from '../store/botDeliveryStore.js';
import type { Store } from '../store/store.js';
import { isAppOrSuite } from './appCredentials.js';
import { hashOfSecret } from './corpScopedSecret.js';
import { badRequest } from './errors.js';

/** A ticket opens one Stream connection, within 90 seconds. */
export const STREAM_TICKET_LIFETIME_MS = 90_000;

export interface StreamSubscription {
  type: string;
  topic: string;
}

/**
 * Stream connection tickets (POST /v1.0/gateway/connections/open): an app
 * (appKey/appSecret, or a suite's suiteKey/suiteSecret) trades its credentials
 * for a single-use ticket, stored so that any node can accept it.
 */
export class StreamTickets {
  constructor(
    private readonly store: Pick<Store, 'directory' | 'botDeliveries'>,
    private readonly clock: Clock,
  ) {}

  async issue(clientId: string, clientSecret: string, subscriptions: StreamSubscription[]): Promise<string> {
    if (!(await isAppOrSuite(this.store.directory, clientId, clientSecret))) throw badRequest('invalidClientIdOrSecret', '无效的clientId或clientSecret');
    const ticket = randomBytes(32).toString('base64url');
    await this.store.botDeliveries.createTicket({
      ticketHash: hashOfSecret(ticket),
      clientId,
      subscriptions: subscriptions.map(({ type, topic }) => ({ type, topic })),
      expiresAt: this.clock.now() + STREAM_TICKET_LIFETIME_MS,
    });
    return ticket;
  }

  /** The app and subscriptions of a live, unused ticket, which this call uses up; undefined otherwise. */
  redeem(ticket: string): Promise<StreamTicketRecord | undefined> {
    return this.store.botDeliveries.redeemTicket(hashOfSecret(ticket), this.clock.now());
  }
}
