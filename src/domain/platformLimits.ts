import type { Clock } from '../clock.js';
import type { TokenGrant } from '../store/accessTokenStore.js';
import type { Store } from '../store/store.js';
import { ApiError } from './errors.js';

export interface PlatformLimitSettings {
  /** Calls per app per API per rolling 1000 ms; 0 is off. */
  appQps: number;
  /** Calls per corp per calendar month (UTC+8); 0 is off. */
  monthlyQuota: number;
}

export const QPS_WINDOW_MS = 1000;
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * The limits DingTalk's platform enforces on every robot API call (docs/behaviour.md),
 * off unless configured, so bot teams can test their retry and quota handling.
 * Both are counted in the store, so every node shares them.
 */
export class PlatformLimits {
  constructor(
    private readonly settings: PlatformLimitSettings,
    private readonly clock: Clock,
    private readonly store: Pick<Store, 'platformLimits' | 'transaction'>,
  ) {}

  /** Counts one call of `api` by the app of `grant`, or refuses it with the platform's 403. */
  async admit(grant: TokenGrant, api: string): Promise<void> {
    const { appQps, monthlyQuota } = this.settings;
    if (appQps === 0 && monthlyQuota === 0) return;
    const now = this.clock.now();
    // One transaction: a call the monthly quota refuses gives its QPS place back.
    await this.store.transaction(async ({ platformLimits }) => {
      if (appQps > 0 && !(await platformLimits.takeQpsPlace({ corpId: grant.corpId, appKey: grant.appKey, api }, now, { ms: QPS_WINDOW_MS, limit: appQps }))) {
        throw new ApiError(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '应用调用该接口的频率超过限制，请稍后重试');
      }
      if (monthlyQuota > 0 && !(await platformLimits.countApiCall(grant.corpId, monthInChina(now), monthlyQuota))) {
        throw new ApiError(403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', '企业调用接口次数已超过本月上限');
      }
    });
  }

  /** Forgets every counted call (dev control plane reset). */
  async reset(): Promise<void> {
    await this.store.platformLimits.deleteApiCallCounts();
  }
}

/** The calendar month of `epochMs` in DingTalk's time zone, e.g. "2026-11". */
export function monthInChina(epochMs: number): string {
  return new Date(epochMs + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}
