import type { Clock } from '../clock.js';
import type { Store, TokenGrant } from '../store/store.js';
import { ApiError } from './errors.js';

export interface PlatformLimitSettings {
  /** Calls per app per API per rolling 1000 ms; 0 is off. */
  appQps: number;
  /** Calls per corp per calendar month (UTC+8); 0 is off. */
  monthlyQuota: number;
}

const QPS_WINDOW_MS = 1000;
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * The limits DingTalk's platform enforces on every robot API call (DESIGN §6),
 * off unless configured, so bot teams can test their retry and quota handling.
 */
export class PlatformLimits {
  /** Admitted call times per app and API, oldest first, within the last window. */
  private readonly recentCalls = new Map<string, number[]>();

  constructor(
    private readonly settings: PlatformLimitSettings,
    private readonly clock: Clock,
    private readonly store: Store,
  ) {}

  /** Counts one call of `api` by the app of `grant`, or refuses it with the platform's 403. */
  async admit(grant: TokenGrant, api: string): Promise<void> {
    const now = this.clock.now();
    if (this.settings.appQps > 0) this.admitWithinQps(`${grant.appKey}\u0000${api}`, now);
    if (this.settings.monthlyQuota > 0) {
      const counted = await this.store.countApiCall(grant.corpId, monthInChina(now), this.settings.monthlyQuota);
      if (!counted) {
        throw new ApiError(403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', '企业调用接口次数已超过本月上限');
      }
    }
  }

  /** Forgets every counted call (dev control plane reset). */
  async reset(): Promise<void> {
    this.recentCalls.clear();
    await this.store.deleteApiCallCounts();
  }

  private admitWithinQps(key: string, now: number): void {
    const calls = this.recentCalls.get(key) ?? [];
    const firstInWindow = calls.findIndex((t) => t > now - QPS_WINDOW_MS);
    const inWindow = firstInWindow === -1 ? [] : calls.slice(firstInWindow);
    if (inWindow.length >= this.settings.appQps) {
      this.recentCalls.set(key, inWindow);
      throw new ApiError(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '应用调用该接口的频率超过限制，请稍后重试');
    }
    inWindow.push(now);
    this.recentCalls.set(key, inWindow);
  }
}

/** The calendar month of `epochMs` in DingTalk's time zone, e.g. "2026-11". */
export function monthInChina(epochMs: number): string {
  return new Date(epochMs + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}
