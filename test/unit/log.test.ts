import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogger, isoUtc } from "../../native-host/src/config/log";

describe("log lines", () => {
  it("stamp UTC exactly as Date#toISOString does, for any date it can show", () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const d = new Date(ms);
        expect(isoUtc(d)).toBe(d.toISOString());
      }),
      { seed: 7, numRuns: 2000 },
    );
    for (const ms of [0, -1, 253402300799999, 253402300800000, -62167219200001])
      expect(isoUtc(new Date(ms))).toBe(new Date(ms).toISOString());
  });

  it("redact secrets before writing", () => {
    const lines: string[] = [];
    const log = createLogger(
      (l) => lines.push(l),
      "info",
      () => new Date(0),
    );
    log.info("signed in", { SAMLResponse: "x".repeat(300), roleArn: "arn:aws:iam::1:role/r" });
    expect(JSON.parse(lines[0]!)).toEqual({
      time: "1970-01-01T00:00:00.000Z",
      level: "info",
      msg: "signed in",
      SAMLResponse: "[redacted]",
      roleArn: "arn:aws:iam::1:role/r",
    });
  });
});
