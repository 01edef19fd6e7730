import { describe, expect, it } from "vitest";
import {
  drawBase,
  RECONNECT_DEFAULTS,
  reconnectDelay,
} from "../../native-host/src/tunnel/core/reconnect-policy";

describe("reconnect policy (spec §9.1)", () => {
  it("draws the base once from [100, 200) ms like the plugin", () => {
    expect(drawBase(RECONNECT_DEFAULTS, () => 0)).toBe(100);
    expect(drawBase(RECONNECT_DEFAULTS, () => 0.999)).toBeLessThan(200);
  });

  it("doubles up to the 5 s cap with ±20 % jitter", () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((n) => reconnectDelay(RECONNECT_DEFAULTS, n, 150, mid))).toEqual([
      150, 300, 600, 1200, 2400, 4800, 5000, 5000,
    ]);
    expect(reconnectDelay(RECONNECT_DEFAULTS, 10, 150, () => 0)).toBe(4000);
    expect(reconnectDelay(RECONNECT_DEFAULTS, 10, 150, () => 0.9999)).toBeLessThanOrEqual(6000);
  });

  it("keeps trying for well over the plugin's 3–6 s: at least 60 s of attempts", () => {
    expect(RECONNECT_DEFAULTS.budgetMs).toBeGreaterThanOrEqual(60_000);
    let elapsed = 0;
    let attempts = 0;
    while (
      elapsed + reconnectDelay(RECONNECT_DEFAULTS, attempts, 150, () => 0.5) <=
      RECONNECT_DEFAULTS.budgetMs
    ) {
      elapsed += reconnectDelay(RECONNECT_DEFAULTS, attempts, 150, () => 0.5);
      attempts++;
    }
    expect(attempts).toBeGreaterThan(20);
  });
});
