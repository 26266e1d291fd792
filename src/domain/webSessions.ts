import type { Clock } from '../clock.js';
import type { NodeChannel } from '../events/nodeChannel.js';
import type { UserRecord } from '../store/directoryStore.js';
import type { Store } from '../store/store.js';
import { newCorpScopedSecret, parseCorpScopedSecret } from './corpScopedSecret.js';
import { badRequest } from './errors.js';
import type { FailedAttempts } from './failedAttempts.js';
import { PasswordVerifications } from './passwordVerifications.js';

export const WEB_SESSION_LIFETIME_MS = 30 * 24 * 3600_000;

/** A signed-in person of the web client. */
export interface SessionUser {
  corpId: string;
  corpName: string;
  userId: string;
  name: string;
  isAdmin: boolean;
}

/**
 * Sign-in for the web client. The cookie value is `<corpId, base64url>.<secret>`;
 * the store keeps only a hash of the secret, under the corp. A sign-out is told
 * to every node, so the session's live streams end wherever they are open.
 */
export class WebSessions {
  constructor(
    private readonly store: Pick<Store, 'directory' | 'webSessions'>,
    private readonly clock: Clock,
    private readonly channel: NodeChannel,
    private readonly failedAttempts: FailedAttempts,
  ) {}

  private readonly passwords = new PasswordVerifications();

  /**
   * Signs in with the password from the directory; returns the cookie value. An unknown user and a
   * wrong password are answered alike, after the same work; failures are counted per corp and user,
   * known or not, and verifications are taken in turn per `client` address (docs/behaviour.md, Guessing).
   */
  async signIn(corpId: string, userId: string, password: string, client: string): Promise<{ cookie: string; user: SessionUser }> {
    const user = await this.failedAttempts.check('signIn', `${corpId}/${userId}`, async () => {
      const found = await this.store.directory.findUser(corpId, userId);
      return (await this.passwords.verify(client, password, found?.passwordHash ?? null)) ? found : undefined;
    });
    if (!user) throw badRequest('invalidCredentials', 'The organisation, user ID and password do not match.');
    return this.start(user);
  }

  /** Dev mode: signs in as any user of the directory, no password. */
  async signInAs(corpId: string, userId: string): Promise<{ cookie: string; user: SessionUser }> {
    const user = await this.store.directory.findUser(corpId, userId);
    if (!user) throw badRequest('invalidCredentials', `There is no user ${userId} in ${corpId}.`);
    return this.start(user);
  }

  /** The person behind a cookie value, while the session lives. */
  async resolve(cookie: string | undefined): Promise<SessionUser | undefined> {
    const parsed = cookie ? parseCorpScopedSecret(cookie) : undefined;
    if (!parsed) return undefined;
    const user = await this.store.webSessions.findUser(parsed.corpId, parsed.hash, this.clock.now());
    return user && this.describe(user);
  }

  async signOut(cookie: string | undefined): Promise<void> {
    const parsed = cookie ? parseCorpScopedSecret(cookie) : undefined;
    if (!parsed) return;
    await this.store.webSessions.delete(parsed.corpId, parsed.hash);
    this.channel.publish({ kind: 'signedOut', corpId: parsed.corpId, sessionHash: parsed.hash });
  }

  /** Ends every session of the user but `keepSessionHash` (a password change), on every node. */
  async endSessionsOf(corpId: string, userId: string, keepSessionHash?: string): Promise<void> {
    const ended = await this.store.webSessions.deleteOfUser(corpId, userId, keepSessionHash);
    for (const sessionHash of ended) this.channel.publish({ kind: 'signedOut', corpId, sessionHash });
  }

  /** What names a session in sign-out notes; undefined for what is no session cookie. */
  sessionHashOf(cookie: string | undefined): string | undefined {
    return cookie ? parseCorpScopedSecret(cookie)?.hash : undefined;
  }

  /** Calls `ended` with the hash of every session signed out on any node; returns the function that stops it. */
  onSignOut(ended: (sessionHash: string) => void): () => void {
    return this.channel.subscribe((note) => {
      if (note.kind === 'signedOut') ended(note.sessionHash);
    });
  }

  async describe(user: UserRecord): Promise<SessionUser> {
    const corp = await this.store.directory.findCorp(user.corpId);
    return { corpId: user.corpId, corpName: corp?.name ?? user.corpId, userId: user.userId, name: user.name, isAdmin: user.isAdmin };
  }

  private async start(user: UserRecord): Promise<{ cookie: string; user: SessionUser }> {
    const secret = newCorpScopedSecret(user.corpId);
    await this.store.webSessions.create({
      corpId: user.corpId,
      sessionHash: secret.hash,
      userId: user.userId,
      expiresAt: this.clock.now() + WEB_SESSION_LIFETIME_MS,
    });
    return { cookie: secret.value, user: await this.describe(user) };
  }
}
