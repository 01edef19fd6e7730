/**
 * How long and how often to retry a dropped data channel (spec §9.1). The plugin gives up after
 * 6 calls in ≈ 3–6 s, which loses long RDP sessions when the service closes the socket hourly
 * (spec §13, #135, #139). We keep its shape (base d ∈ [100, 200) ms, ×2, cap 5 s) but retry for a
 * whole budget (2 min by default) with jitter, fetching a fresh token each time. Pure.
 */

export interface ReconnectPolicy {
  baseMinMs: number;
  baseMaxMs: number;
  capMs: number;
  /** Give up when the channel has been down this long. */
  budgetMs: number;
}

export const RECONNECT_DEFAULTS: ReconnectPolicy = {
  baseMinMs: 100,
  baseMaxMs: 200,
  capMs: 5_000,
  budgetMs: 120_000,
};

/** Delay before attempt n (0-based): d·2ⁿ capped, then ±20 % jitter so many clients spread out. */
export function reconnectDelay(
  policy: ReconnectPolicy,
  attempt: number,
  base: number,
  random: () => number,
): number {
  const raw = Math.min(policy.capMs, base * 2 ** Math.min(attempt, 30));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** d drawn once per outage, uniformly from [baseMinMs, baseMaxMs) (as the plugin does). */
export function drawBase(policy: ReconnectPolicy, random: () => number): number {
  return policy.baseMinMs + (policy.baseMaxMs - policy.baseMinMs) * random();
}
