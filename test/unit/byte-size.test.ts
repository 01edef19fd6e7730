/**
 * One byte formatter for the popup and the terminal (issue 10), in binary units named as such:
 * the popup used to print 1536 bytes as "1.5 KB" while `bastionless tunnels` said "1.5 KiB".
 */
import { describe, expect, it } from "vitest";
import { formatBytes } from "../../contract/byte-size";
import { tunnelTable } from "../../native-host/src/cli/tunnel-text";

describe("formatBytes", () => {
  it("counts in 1024s and says KiB, MiB, GiB", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1.0 KiB");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(50 * 1024 * 1024)).toBe("50 MiB");
    expect(formatBytes(5 * 1024 ** 3)).toBe("5.0 GiB");
    expect(formatBytes(3 * 1024 ** 5)).toBe("3072 TiB");
  });

  it("says – for what is no count", () => {
    expect(formatBytes(-1)).toBe("–");
    expect(formatBytes(Number.NaN)).toBe("–");
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe("–");
  });

  it("is what the terminal's tunnel table prints", () => {
    const tunnel = {
      id: "k3f9x2qa",
      target: "i-0123456789abcdef0",
      instanceName: null,
      profile: "dev",
      region: "eu-west-1",
      localPort: 13389,
      remotePort: 3389,
      state: "open",
      since: "2026-01-01T00:00:00Z",
      bytesIn: 1536,
      bytesOut: 50 * 1024 * 1024,
      connections: 1,
      lastError: null,
    };
    const text = tunnelTable([tunnel as never], new Date("2026-01-01T00:00:30Z"));
    expect(text).toContain(`  ${formatBytes(1536)}  `);
    expect(text).toContain("1.5 KiB");
    expect(text).toContain("50 MiB");
  });
});
