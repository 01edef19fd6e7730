/**
 * The pure rules behind credential_process (issue 12): the line's quoting, ownership of a
 * credential_process profile, the cache's parsing, and when a renewal wait ends.
 */
import { describe, expect, it } from "vitest";
import type { CodedError } from "../../contract/coded-error";
import { cacheText, parseCache } from "../../native-host/src/aws/files/credential-cache";
import {
  credentialProcessLine,
  isOurCredentialProcess,
} from "../../native-host/src/aws/files/credential-process-line";
import { ownershipOf } from "../../native-host/src/aws/files/profile-ownership";
import type { OwnedProfile } from "../../native-host/src/aws/files/profile-record";
import { waitForRenewal } from "../../native-host/src/cli/renewal-wait";

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as CodedError).code;
  }
};

describe("the credential_process line", () => {
  it("quotes every part of the program's path, spaces included", () => {
    expect(credentialProcessLine(["/Applications/My Tools/bastionless"], "dev", "darwin")).toBe(
      '"/Applications/My Tools/bastionless" credential-process --profile dev',
    );
    expect(
      credentialProcessLine(
        ["C:\\Program Files\\nodejs\\node.exe", "C:\\b l\\bastionless.cjs"],
        "dev",
        "win32",
      ),
    ).toBe(
      '"C:\\Program Files\\nodejs\\node.exe" "C:\\b l\\bastionless.cjs" credential-process --profile dev',
    );
  });

  it.each([
    ["linux", "/home/a$b/bastionless"],
    ["linux", "/home/a`b`/bastionless"],
    ["linux", '/home/a"b/bastionless'],
    ["linux", "/home/a\\b/bastionless"],
    ["win32", "C:\\%TEMP%\\bastionless.exe"],
  ] as const)("refuses a path a reader would misread (%s: %s)", (platform, exe) => {
    expect(codeOf(() => credentialProcessLine([exe], "dev", platform))).toBe(
      "CREDENTIAL_PROCESS_PATH_UNUSABLE",
    );
  });

  it("recognises its own line for that profile only", () => {
    const line = credentialProcessLine(["/usr/bin/node", "/opt/b/bastionless.cjs"], "dev", "linux");
    expect(isOurCredentialProcess(line, "dev")).toBe(true);
    expect(isOurCredentialProcess(line, "prod")).toBe(false);
    expect(isOurCredentialProcess("/usr/bin/other credential-process --profile dev", "dev")).toBe(false);
    expect(isOurCredentialProcess('"/x" --evil; credential-process --profile dev', "dev")).toBe(false);
  });
});

describe("ownership of a credential_process profile", () => {
  const entry: OwnedProfile = {
    credentialsFile: "/c",
    profile: "dev",
    accountId: "111122223333",
    roleArn: "arn:aws:iam::111122223333:role/Admin",
    principalArn: "arn:aws:iam::111122223333:saml-provider/Entra",
    assumedRoleArn: "arn:aws:sts::111122223333:assumed-role/Admin/u",
    accessKeyIds: ["ASIA1"],
    writtenAt: "2026-01-01T00:00:00Z",
    mode: "credential-process",
  };
  const ours = new Map([["credential_process", '"/b" credential-process --profile dev']]);

  it("is ours while the line is ours and no keys shadow it", () => {
    expect(ownershipOf(null, ours, entry, entry).kind).toBe("owned");
    expect(ownershipOf(new Map(), ours, entry, entry).kind).toBe("owned");
  });

  it("is not ours once the user changed the line, added a role or pasted keys", () => {
    expect(
      ownershipOf(null, new Map([["credential_process", "/usr/bin/aws-vault exec dev"]]), entry, entry).kind,
    ).toBe("foreign");
    expect(
      ownershipOf(null, new Map([...ours, ["role_arn", "arn:aws:iam::1:role/x"]]), entry, entry).kind,
    ).toBe("foreign");
    expect(ownershipOf(new Map([["aws_access_key_id", "AKIA"]]), ours, entry, entry).kind).toBe("foreign");
  });

  it("is not ours without a record saying so", () => {
    expect(ownershipOf(null, ours, undefined, entry).kind).toBe("foreign");
  });
});

describe("the credential cache's format", () => {
  const e = {
    accessKeyId: "ASIA1",
    secretAccessKey: "s",
    sessionToken: "t",
    expiration: "2026-01-01T00:00:00.000Z",
    accountId: "111122223333",
    roleArn: "arn:aws:iam::111122223333:role/Admin",
    principalArn: "arn:aws:iam::111122223333:saml-provider/Entra",
    region: "us-east-1",
    sourceId: null,
    writtenAt: "2026-01-01T00:00:00.000Z",
  };

  it("reads back what it writes; absent or empty is no entries", () => {
    expect(parseCache(cacheText({ dev: e }), "f")).toEqual({ dev: e });
    expect(parseCache(null, "f")).toEqual({});
    expect(parseCache("  ", "f")).toEqual({});
  });

  it.each([
    ["not JSON", "{"],
    ["another version", JSON.stringify({ version: 2, profiles: {} })],
    ["no profiles", JSON.stringify({ version: 1 })],
    ["an entry without keys", JSON.stringify({ version: 1, profiles: { dev: { ...e, sessionToken: "" } } })],
    ["a bad time", JSON.stringify({ version: 1, profiles: { dev: { ...e, expiration: "soon" } } })],
  ])("refuses %s with CACHE_INVALID", (_why, text) => {
    expect(codeOf(() => parseCache(text, "f"))).toBe("CACHE_INVALID");
  });
});

describe("waiting for a renewal", () => {
  const never = new Promise<never>(() => {});
  const deps = <T>(over: Partial<Parameters<typeof waitForRenewal<T>>[0]>) => ({
    fresh: () => null,
    reported: never,
    tick: () => Promise.resolve(),
    timedOut: () => false,
    signInHint: "sign in",
    ...over,
  });
  const report = (outcome: "renewed" | "failed" | "interaction-required", message: string | null = null) =>
    Promise.resolve({ event: "renewal.reported" as const, requestId: "a".repeat(32), outcome, message });

  it("returns the fresh entry as soon as the cache holds one", async () => {
    let n = 0;
    expect(await waitForRenewal(deps({ fresh: () => (++n === 3 ? "new" : null) }))).toBe("new");
    expect(n).toBe(3);
  });

  it("ends at once on interaction-required and failed reports, with their codes", async () => {
    await expect(
      waitForRenewal(deps({ reported: report("interaction-required", "MFA") })),
    ).rejects.toMatchObject({
      code: "RENEWAL_INTERACTION_REQUIRED",
    });
    await expect(waitForRenewal(deps({ reported: report("failed", "no POST") }))).rejects.toMatchObject({
      code: "RENEWAL_FAILED",
      message: expect.stringContaining("no POST"),
    });
  });

  it("says so when the browser renewed but this profile was not written", async () => {
    await expect(waitForRenewal(deps({ reported: report("renewed") }))).rejects.toMatchObject({
      code: "RENEWAL_FAILED",
    });
  });

  it("times out with RENEWAL_TIMEOUT, also after the service was lost", async () => {
    let ticks = 0;
    await expect(
      waitForRenewal(
        deps({
          reported: Promise.resolve("lost" as const),
          tick: async () => void ticks++,
          timedOut: () => ticks >= 2,
        }),
      ),
    ).rejects.toMatchObject({ code: "RENEWAL_TIMEOUT" });
    expect(ticks).toBe(2);
  });
});
