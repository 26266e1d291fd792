import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { AppKind, TokenGrant } from '../store/accessTokenStore.js';
import type { Store } from '../store/store.js';
import { internalAppWithSecret, suiteWithSecret } from './appCredentials.js';
import { badRequest } from './errors.js';
import type { FailedAttempts } from './failedAttempts.js';

/** Access tokens live 7200 s on the injected clock (docs/behaviour.md, Tokens). */
export const TOKEN_LIFETIME_SECONDS = 7200;

export interface IssuedToken {
  accessToken: string;
  expireIn: number;
}

/**
 * Issues and checks access tokens. One live token per (corp, app): asking again
 * returns the same token with its expiry reset, from any of the token endpoints.
 */
export class TokenService {
  constructor(
    private readonly store: Pick<Store, 'directory' | 'tokens'>,
    private readonly clock: Clock,
    private readonly failedAttempts: FailedAttempts,
  ) {}

  /**
   * `POST /v1.0/oauth2/accessToken` and legacy `GET /gettoken`: an internal app's token. Wrong
   * secrets are counted per appKey, known or not (docs/behaviour.md, Guessing).
   */
  async issueForApp(appKey: string | undefined, appSecret: string | undefined): Promise<IssuedToken> {
    const app = await this.failedAttempts.check('appKey', appKey ?? '', () => internalAppWithSecret(this.store.directory, appKey, appSecret));
    if (!app) throw badRequest('invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    return this.issue(app.corpId, app.appKey, 'internal');
  }

  /** `POST /v1.0/oauth2/corpAccessToken`: a suite's token for one corp that authorised it; wrong secrets counted per suiteKey. */
  async issueForSuite(suiteKey: string | undefined, suiteSecret: string | undefined, authCorpId: string | undefined): Promise<IssuedToken> {
    const suite = await this.failedAttempts.check('suiteKey', suiteKey ?? '', () => suiteWithSecret(this.store.directory, suiteKey, suiteSecret));
    if (!suite) throw badRequest('invalidSuiteKey', '无效的suiteKey或者suiteSecret');
    if (!authCorpId || !(await this.store.directory.isSuiteAuthorized(authCorpId, suite.suiteKey))) {
      throw badRequest('invalidAuthCorpId', '企业未授权该应用');
    }
    return this.issue(authCorpId, suite.suiteKey, 'suite');
  }

  /** The live grant behind `token`, or undefined when it is unknown or expired. */
  async authenticate(token: string): Promise<TokenGrant | undefined> {
    const grant = await this.store.tokens.findGrant(token);
    return grant && grant.expiresAt > this.clock.now() ? grant : undefined;
  }

  private async issue(corpId: string, appKey: string, appKind: AppKind): Promise<IssuedToken> {
    const now = this.clock.now();
    const accessToken = await this.store.tokens.issue({
      corpId,
      appKey,
      appKind,
      candidate: randomBytes(16).toString('hex'),
      now,
      expiresAt: now + TOKEN_LIFETIME_SECONDS * 1000,
    });
    return { accessToken, expireIn: TOKEN_LIFETIME_SECONDS };
  }
}
