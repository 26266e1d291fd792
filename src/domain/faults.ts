import { randomBytes } from 'node:crypto';
import { ApiError, badRequest, INVALID_PARAMETER, isLegacyApiPath, LegacyApiError } from './errors.js';

/** The pushes to bots a fault can target, beside robot API paths. */
export const PUSH_FAULT_TARGETS = ['stream', 'callback'] as const;
export type PushFaultTarget = (typeof PUSH_FAULT_TARGETS)[number];

/** The statuses an injected fault may answer with (the §1 envelope's statuses, and the throttling and gateway ones). */
export const FAULT_STATUSES = [400, 401, 403, 404, 429, 500, 502, 503] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

/** The longest injected delay: enough to outlast any client timeout in a test. */
export const MAX_FAULT_DELAY_MS = 120_000;

export interface FaultRequest {
  /** A robot API path such as `/v1.0/robot/oToMessages/batchSend`, or `stream` / `callback`. */
  api: string;
  /** Only calls (or pushes) of this app; every app when absent. */
  appKey?: string;
  code?: string;
  status?: FaultStatus;
  delayMs?: number;
  /** How many matching calls the rule applies to; 1 when absent. */
  count?: number;
}

export interface FaultRule {
  faultId: string;
  api: string;
  appKey: string | null;
  code: string | null;
  status: FaultStatus | null;
  delayMs: number | null;
  /** Matching calls still to be answered by this rule. */
  remaining: number;
}

/**
 * Faults a bot team injects to see its error handling run (docs/behaviour.md,
 * Control plane): the next `count` robot API calls of one path (or pushes to
 * bots) answer a chosen error, are delayed, or (pushes) are not sent. Kept in
 * memory on each node; inert unless Dingo runs in dev mode.
 */
export class Faults {
  private rules: FaultRule[] = [];

  constructor(private readonly enabled: boolean) {}

  add(request: FaultRequest): FaultRule {
    const isPush = (PUSH_FAULT_TARGETS as readonly string[]).includes(request.api);
    if (!isPush && !request.api.startsWith('/')) {
      throw badRequest(INVALID_PARAMETER, `api must be a robot API path such as /v1.0/robot/oToMessages/batchSend, or stream or callback; got ${JSON.stringify(request.api)}`);
    }
    if (!isPush && request.code === undefined && request.delayMs === undefined) {
      throw badRequest(INVALID_PARAMETER, 'a fault on a robot API path needs a code to answer, or a delayMs');
    }
    // Legacy paths (`/media/upload`, `/topapi/…`) answer {errcode, errmsg}: a fault there answers errcode = its code.
    if (!isPush && isLegacyApiPath(request.api) && request.code !== undefined && !/^-?\d+$/.test(request.code)) {
      throw badRequest(INVALID_PARAMETER, `${request.api} answers {errcode, errmsg}: its fault code must be a number such as 90018`);
    }
    const rule: FaultRule = {
      faultId: randomBytes(8).toString('hex'),
      api: request.api,
      appKey: request.appKey ?? null,
      code: request.code ?? null,
      status: request.status ?? null,
      delayMs: request.delayMs ?? null,
      remaining: request.count ?? 1,
    };
    this.rules.push(rule);
    return { ...rule };
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** Removes every rule; returns how many there were. */
  clear(): number {
    const cleared = this.rules.length;
    this.rules = [];
    return cleared;
  }

  /** The first rule for one call of `api` by `appKey`, used up by this call; undefined when none applies. */
  take(api: string, appKey: string): FaultRule | undefined {
    if (!this.enabled || this.rules.length === 0) return undefined;
    const rule = this.rules.find((r) => r.api === api && (r.appKey === null || r.appKey === appKey));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return { ...rule };
  }

  /**
   * Applies the rule for one robot API call, if any: waits its delay, then throws its answer
   * (an ApiError, or a LegacyApiError on legacy paths). Returns when the call goes on as usual.
   */
  async interceptCall(api: string, appKey: string): Promise<void> {
    const rule = this.take(api, appKey);
    if (!rule) return;
    if (rule.delayMs !== null) await sleep(rule.delayMs);
    if (rule.code === null) return;
    const message = `injected fault: the control plane made this call answer ${rule.code}`;
    if (isLegacyApiPath(api)) throw new LegacyApiError(Number(rule.code), message);
    throw new ApiError(rule.status ?? 400, rule.code, message);
  }
}

/** Waits `ms` of real time: an injected delay is felt by the caller, whatever Dingo's clock says. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
