import { describe, expect, it } from "vitest";
import {
  expiryLevel,
  formatAgo,
  formatElapsed,
  formatRemaining,
  parseTime,
  roleLabel,
} from "../../extension/src/shared/format";

describe("formatting for the popup", () => {
  it("counts down to an expiry", () => {
    expect(formatRemaining(0)).toBe("expired");
    expect(formatRemaining(-5000)).toBe("expired");
    expect(formatRemaining(Number.NaN)).toBe("expired");
    expect(formatRemaining(999)).toBe("0 s");
    expect(formatRemaining(45_000)).toBe("45 s");
    expect(formatRemaining(60_000)).toBe("1:00");
    expect(formatRemaining(12 * 60_000 + 5_400)).toBe("12:05");
    expect(formatRemaining(3_600_000)).toBe("1 h 00 min");
    expect(formatRemaining(12 * 3_600_000 + 5 * 60_000 + 59_000)).toBe("12 h 05 min");
  });

  it("grades an expiry against the warning time", () => {
    const now = 1_000_000;
    expect(expiryLevel(null, now, 10)).toBe("ok");
    expect(expiryLevel(now + 11 * 60_000, now, 10)).toBe("ok");
    expect(expiryLevel(now + 10 * 60_000, now, 10)).toBe("warning");
    expect(expiryLevel(now + 1, now, 10)).toBe("warning");
    expect(expiryLevel(now, now, 10)).toBe("expired");
  });

  it("reads ISO times and refuses junk", () => {
    expect(parseTime("2026-11-28T12:00:00Z")).toBe(Date.UTC(2026, 10, 28, 12));
    expect(parseTime("not a time")).toBeNull();
    expect(parseTime(null)).toBeNull();
    expect(parseTime("")).toBeNull();
  });

  it("shows running times and ages", () => {
    expect(formatElapsed(0)).toBe("0:00");
    expect(formatElapsed(-10)).toBe("0:00");
    expect(formatElapsed(42_000)).toBe("0:42");
    expect(formatElapsed(3_723_000)).toBe("1:02:03");
    const now = Date.UTC(2026, 0, 10);
    expect(formatAgo(now - 10_000, now)).toBe("just now");
    expect(formatAgo(now - 4 * 60_000, now)).toBe("4 min ago");
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe("3 h ago");
    expect(formatAgo(now - 3 * 86_400_000, now)).toBe("2026-01-07");
    expect(roleLabel({ roleName: "Admin", accountId: "123456789012" })).toBe("Admin · 123456789012");
  });
});
