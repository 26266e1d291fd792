import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { CacheInvalidation } from '../events/cacheInvalidation.js';
import type { AccessTokenStore, AppKind, TokenGrant } from '../store/accessTokenStore.js';
import type { DirectoryStore } from '../store/directoryStore.js';
import { internalAppWithSecret, suiteWithSecret } from './appCredentials.js';
import { BoundedCache } from './boundedCache.js';
import { appGrantKey, CACHE_AREAS, CACHE_CAPACITY, followInvalidations } from './directoryCaches.js';
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
 * Grants are cached by token; an issue, and any change of what an app's tokens grant,
 * drops its app's grants on every node (area `app-grants`), so a cached grant never
 * holds an older expiry or older permissions than the store.
 */
export class TokenService {
  private readonly grants = new BoundedCache<string, TokenGrant>(CACHE_CAPACITY);

  constructor(
    private readonly store: { directory: Pick<DirectoryStore, 'findInternalApp' | 'findSuite' | 'isSuiteAuthorized'>; tokens: Pick<AccessTokenStore, 'issue' | 'findGrant'> },
    private readonly clock: Clock,
    private readonly failedAttempts: FailedAttempts,
    private readonly caches: Pick<CacheInvalidation, 'invalidate' | 'onInvalidate'>,
  ) {
    followInvalidations(
      caches,
      CACHE_AREAS.appGrants,
      (key) => this.grants.dropWhere((_token, grant) => appGrantKey(grant.corpId, grant.appKey) === key),
      () => this.grants.clear(),
    );
  }

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
    const now = this.clock.now();
    // A cached grant that looks expired is read again: its token may have been issued again meanwhile.
    const isLive = (grant: TokenGrant) => grant.expiresAt > now;
    const grant = await this.grants.get(token, () => this.store.tokens.findGrant(token), isLive);
    return grant && isLive(grant) ? grant : undefined;
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
    this.caches.invalidate(CACHE_AREAS.appGrants, appGrantKey(corpId, appKey));
    return { accessToken, expireIn: TOKEN_LIFETIME_SECONDS };
  }
}
