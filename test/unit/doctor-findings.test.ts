/** Pure doctor parts: INI parse health, clock skew findings, and the table. */
import { describe, expect, it } from "vitest";
import { unparseableLines } from "../../native-host/src/doctor/aws-file-checks";
import { fail, ok, warn } from "../../native-host/src/doctor/check";
import { skewFinding } from "../../native-host/src/doctor/clock-check";
import { renderJson, renderTable } from "../../native-host/src/doctor/render";

describe("unparseableLines (what the AWS CLI's configparser refuses)", () => {
  it("accepts sections, key = value, key: value, comments, blank and continuation lines, CRLF and a BOM", () => {
    const text =
      "\uFEFF# top\r\n[default]\r\nregion = eu-west-1\r\n\r\n; note\r\n[profile x]\r\ns3 =\r\n  max_concurrent_requests = 2\r\noutput: json\r\n";
    expect(unparseableLines(text)).toEqual([]);
  });

  it("names keys before any section, stray text and a broken header", () => {
    expect(unparseableLines("region = x\n[a]\nk = v\n")).toEqual([1]);
    expect(unparseableLines("[a]\nk = v\njust words\n[b\n")).toEqual([3, 4]);
    expect(unparseableLines("[a]\n  indented without a key before\n")).toEqual([2]);
  });
});

describe("skewFinding", () => {
  const server = new Date("2026-11-28T12:00:00Z");
  it("is ok within a second or so, warns past a minute, fails past five", () => {
    expect(skewFinding(server, new Date(server.getTime() + 900), "sts")).toMatchObject({
      status: "ok",
      detail: "clock in step sts",
    });
    expect(skewFinding(server, new Date(server.getTime() - 90_000), "sts")).toMatchObject({
      status: "warn",
      detail: "this clock is 90 s behind sts",
    });
    const bad = skewFinding(server, new Date(server.getTime() + 6 * 60_000), "sts");
    expect(bad).toMatchObject({ status: "fail", detail: expect.stringContaining("360 s ahead of sts") });
    expect(bad.fix).toContain("timedatectl");
  });
});

describe("render", () => {
  const checks = [
    ok("a.one", "fine"),
    warn("b", "hmm", "do x"),
    fail("c.long-id", "broken", "bastionless install"),
  ];
  it("prints one aligned row per check and the fix under each problem", () => {
    const lines = renderTable(checks).split("\n");
    expect(lines[0]).toBe("STATUS  CHECK      DETAIL");
    expect(lines[1]).toBe("ok      a.one      fine");
    expect(lines[4]).toBe("FAIL    c.long-id  broken");
    expect(lines[5]).toBe("                   fix: bastionless install");
    expect(lines).toContain("1 problem(s) to fix, 1 warning(s).");
  });
  it("gives JSON with ok false when anything failed", () => {
    expect(JSON.parse(renderJson(checks))).toEqual({ ok: false, checks });
    expect(JSON.parse(renderJson([ok("a", "b")])).ok).toBe(true);
  });
});
