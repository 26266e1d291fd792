/** Access tokens: one live token per (corp, app). */
export interface AccessTokenStore {
  /**
   * Returns the live token of (corp, app) with its expiry moved to `expiresAt`,
   * or stores `candidate` as the new token when none is live at `now`.
   */
  issue(issue: TokenIssue): Promise<string>;
  /** The grant behind a token, whatever its expiry (the caller compares). */
  findGrant(token: string): Promise<TokenGrant | undefined>;
  /** Deletes up to `limit` tokens of any corp expired at `now` (an app's next token is a new one anyway); returns how many it deleted. */
  purgeExpired(now: number, limit: number): Promise<number>;
  /** Ends the tokens of the app or suite `appKey`, in every corp (its secret changed). */
  revoke(appKey: string): Promise<void>;
}

export type AppKind = 'internal' | 'suite';

export interface TokenIssue {
  corpId: string;
  appKey: string;
  appKind: AppKind;
  candidate: string;
  now: number;
  expiresAt: number;
}

/** What a token lets its bearer do: act as one app in one corp. */
export interface TokenGrant {
  corpId: string;
  appKey: string;
  appKind: AppKind;
  expiresAt: number;
  permissions: string[];
}
