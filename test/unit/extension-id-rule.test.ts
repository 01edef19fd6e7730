/**
 * One extension-id rule (issue 10): `install --extension-id` (next-record.ts), the host's caller
 * check (protocol/caller.ts), the refusal hint (host-main.ts) and the published ids all go through
 * contract/extension-ids.ts. The caller check used to carry its own looser copy, so it recognised
 * callers (a 36-dash "GUID", an 81-letter add-on name) that install could never allow.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHROMIUM_EXTENSION_IDS,
  chromiumIdOfOrigin,
  chromiumOrigin,
  extensionIdFamily,
  FIREFOX_EXTENSION_IDS,
} from "../../contract/extension-ids";
import { checkExtensionIds } from "../../native-host/src/install/next-record";
import { callerFromArgv } from "../../native-host/src/protocol/caller";

const MANIFEST = "/home/u/.mozilla/native-messaging-hosts/dev.bastionless.host.json";

/** What each place says of one id: the install flag, and the caller check for each browser. */
function verdicts(id: string) {
  let installs = true;
  try {
    checkExtensionIds([id]);
  } catch {
    installs = false;
  }
  return {
    family: extensionIdFamily(id),
    installs,
    chromiumCaller: callerFromArgv([chromiumOrigin(id)])?.browser ?? null,
    firefoxCaller: callerFromArgv([MANIFEST, id])?.browser ?? null,
  };
}

const agree = (id: string) => {
  const v = verdicts(id);
  expect(v.installs).toBe(v.family !== null);
  expect(v.chromiumCaller).toBe(v.family === "chromium" ? "chromium" : null);
  expect(v.firefoxCaller).toBe(v.family === "firefox" ? "firefox" : null);
};

describe("the extension-id rule", () => {
  it("the published ids are of their own family and recognised as callers", () => {
    for (const id of CHROMIUM_EXTENSION_IDS) {
      expect(verdicts(id)).toEqual({
        family: "chromium",
        installs: true,
        chromiumCaller: "chromium",
        firefoxCaller: null,
      });
      expect(chromiumIdOfOrigin(chromiumOrigin(id))).toBe(id);
    }
    for (const id of FIREFOX_EXTENSION_IDS)
      expect(verdicts(id)).toEqual({
        family: "firefox",
        installs: true,
        chromiumCaller: null,
        firefoxCaller: "firefox",
      });
  });

  it.each([
    "abcdefghijklmnopabcdefghijklmnop",
    "{12345678-1234-1234-1234-123456789abc}",
    "dev@example.org",
    // Where the caller check's own copy said yes and install said no:
    `{${"-".repeat(36)}}`,
    `${"a".repeat(81)}@example.org`,
    `dev@${"e".repeat(81)}`,
    // Neither:
    "ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP",
    "abcdefghijklmnopabcdefghijklmnoq",
    "no-at-sign",
    "",
  ])("install and the caller check agree on %j", (id) => agree(id));

  it("install and the caller check agree on any id-like string", () => {
    const chars = fc.constantFrom(..."abcpqzAF09-.@_+{}".split(""));
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 90 }), (id) => agree(id)),
      { numRuns: 2000 },
    );
  });

  it("reads the id back out of a Chromium origin only when it is one", () => {
    expect(chromiumIdOfOrigin("chrome-extension://abcdefghijklmnopabcdefghijklmnop/")).toBe(
      "abcdefghijklmnopabcdefghijklmnop",
    );
    expect(chromiumIdOfOrigin("chrome-extension://abcdefghijklmnopabcdefghijklmnop")).toBeNull();
    expect(chromiumIdOfOrigin("chrome-extension://dev@example.org/")).toBeNull();
    expect(chromiumIdOfOrigin("dev@example.org")).toBeNull();
  });
});
