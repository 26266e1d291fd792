import type { Clock } from '../clock.js';
import type { TokenGrant } from '../store/accessTokenStore.js';
import type { PlatformLimitStore } from '../store/platformLimitStore.js';
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
 * The limits DingTalk's platform enforces on every robot API call (docs/behaviour.md),
 * off unless configured, so bot teams can test their retry and quota handling.
 */
export class PlatformLimits {
  /** Admitted call times per app and API, oldest first, within the last window. */
  private readonly recentCalls = new Map<string, number[]>();

  constructor(
    private readonly settings: PlatformLimitSettings,
    private readonly clock: Clock,
    private readonly counts: PlatformLimitStore,
  ) {}

  /** Counts one call of `api` by the app of `grant`, or refuses it with the platform's 403. */
  async admit(grant: TokenGrant, api: string): Promise<void> {
    const now = this.clock.now();
    // The QPS place is taken at once (so concurrent calls see it), and given back if the monthly quota refuses the call.
    const window = this.settings.appQps > 0 ? this.qpsWindow(`${grant.appKey}\u0000${api}`, now) : undefined;
    window?.push(now);
    if (this.settings.monthlyQuota > 0) {
      const counted = await this.counts.countApiCall(grant.corpId, monthInChina(now), this.settings.monthlyQuota);
      if (!counted) {
        window?.splice(window.lastIndexOf(now), 1);
        throw new ApiError(403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', '企业调用接口次数已超过本月上限');
      }
    }
  }

  /** Forgets every counted call (dev control plane reset). */
  async reset(): Promise<void> {
    this.recentCalls.clear();
    await this.counts.deleteApiCallCounts();
  }

  /** The admitted calls of `key` within the window ending at `now`; refuses the call when the window is full. */
  private qpsWindow(key: string, now: number): number[] {
    let calls = this.recentCalls.get(key);
    if (!calls) this.recentCalls.set(key, (calls = []));
    // Drop, in place, the calls that left the window: one array per key, so places given back land in it.
    const firstInWindow = calls.findIndex((t) => t > now - QPS_WINDOW_MS);
    calls.splice(0, firstInWindow === -1 ? calls.length : firstInWindow);
    if (calls.length >= this.settings.appQps) {
      throw new ApiError(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '应用调用该接口的频率超过限制，请稍后重试');
    }
    return calls;
  }
}

/** The calendar month of `epochMs` in DingTalk's time zone, e.g. "2026-11". */
export function monthInChina(epochMs: number): string {
  return new Date(epochMs + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}
