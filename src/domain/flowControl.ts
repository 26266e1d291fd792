import type { MessageStore } from '../store/messageStore.js';

export const FLOW_CONTROL_WINDOW_MS = 60_000;

/**
 * At most `limit` one-to-one messages per robot per user per rolling minute
 * (docs/behaviour.md); 0 turns it off. Counted from the stored deliveries, so every
 * node behind one database sees the same counts.
 */
export class FlowControl {
  constructor(private readonly limit: number) {}

  /** Whether sends are limited at all: when not, nothing stored decides a send's recipients. */
  get isOn(): boolean {
    return this.limit !== 0;
  }

  /**
   * Splits `userIds` into those who may receive one more message now and those
   * over the limit. Call it inside the send's transaction: it locks the
   * recipients, so concurrent sends count each other's deliveries.
   */
  async partition(
    messages: MessageStore,
    corpId: string,
    robotCode: string,
    userIds: readonly string[],
    now: number,
  ): Promise<{ allowed: string[]; flowControlled: string[] }> {
    if (this.limit === 0) return { allowed: [...userIds], flowControlled: [] };
    await messages.lockRecipients(corpId, robotCode, userIds);
    const recent = await messages.countRecentDeliveries(corpId, robotCode, userIds, now - FLOW_CONTROL_WINDOW_MS, this.limit);
    const allowed: string[] = [];
    const flowControlled: string[] = [];
    for (const userId of userIds) ((recent.get(userId) ?? 0) >= this.limit ? flowControlled : allowed).push(userId);
    return { allowed, flowControlled };
  }
}
