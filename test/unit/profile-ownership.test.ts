/** Who owns a profile (issue 17 "Own what you write"): the pure decision, the record and its refusals. */
import { describe, expect, it } from "vitest";
import { IniDocument } from "../../native-host/src/aws/files/ini-document";
import { ownershipOf, refusal } from "../../native-host/src/aws/files/profile-ownership";
import { type OwnedProfile, parseRecord, recordWith } from "../../native-host/src/aws/files/profile-record";

const ADMIN = {
  roleArn: "arn:aws:iam::111122223333:role/Admin",
  principalArn: "arn:aws:iam::111122223333:saml-provider/Entra",
};
const OTHER = {
  roleArn: "arn:aws:iam::999988887777:role/Admin",
  principalArn: "arn:aws:iam::999988887777:saml-provider/Entra",
};
const entry: OwnedProfile = {
  credentialsFile: "/h/.aws/credentials",
  profile: "work",
  accountId: "111122223333",
  ...ADMIN,
  assumedRoleArn: "arn:aws:sts::111122223333:assumed-role/Admin/u",
  accessKeyIds: ["ASIANEW", "ASIAPREV"],
  writtenAt: "2026-01-01T00:00:00Z",
};
const section = (text: string) => IniDocument.parse(`[s]\n${text}`).get("s");
const ours = section(
  "aws_access_key_id = ASIANEW\nx_principal_arn = arn:aws:sts::111122223333:assumed-role/Admin/u",
);

describe("ownershipOf", () => {
  it("a missing or empty profile is free", () => {
    expect(ownershipOf(null, null, undefined, ADMIN).kind).toBe("free");
    expect(ownershipOf(section(""), section("region = eu-west-1"), undefined, ADMIN).kind).toBe("free");
  });

  it("ours only when the record and the section agree", () => {
    expect(ownershipOf(ours, null, entry, ADMIN)).toEqual({ kind: "owned", entry });
    const previous = section(
      "aws_access_key_id = ASIAPREV\nx_principal_arn = arn:aws:sts::111122223333:assumed-role/Admin/u",
    );
    expect(ownershipOf(previous, null, entry, ADMIN).kind).toBe("owned");
    const pasted = section(
      "aws_access_key_id = AKIAPASTED\nx_principal_arn = arn:aws:sts::111122223333:assumed-role/Admin/u",
    );
    expect(ownershipOf(pasted, null, entry, ADMIN)).toMatchObject({ kind: "foreign" });
    expect(ownershipOf(ours, null, undefined, ADMIN)).toMatchObject({
      kind: "foreign",
      looksLike: expect.stringContaining("saml2aws"),
    });
  });

  it("ours for another role or account is bound to it", () => {
    expect(ownershipOf(ours, null, entry, OTHER)).toEqual({ kind: "other-role", entry });
    expect(
      ownershipOf(ours, null, entry, {
        ...ADMIN,
        principalArn: "arn:aws:iam::111122223333:saml-provider/Okta",
      }).kind,
    ).toBe("other-role");
  });

  it("says what a foreign profile looks like: static keys, SSO, credential_process, a config role", () => {
    const looks = (creds: string, config: string) =>
      (ownershipOf(section(creds), section(config), undefined, ADMIN) as { looksLike: string }).looksLike;
    expect(looks("aws_access_key_id = AKIA\naws_secret_access_key = s", "")).toBe("static access keys");
    expect(looks("", "sso_session = corp\nsso_account_id = 1")).toMatch(/SSO/);
    expect(looks("", "credential_process = /bin/get-creds")).toMatch(/credential_process/);
    expect(looks("", "role_arn = arn:aws:iam::1:role/x\nsource_profile = base")).toMatch(/role profile/);
    // A config that gets credentials elsewhere takes the profile back even from us.
    expect(ownershipOf(ours, section("credential_process = x"), entry, ADMIN).kind).toBe("foreign");
  });

  it("refusals name the profile, the owner and the override", () => {
    const e = refusal("work", "/h/.aws/credentials", { kind: "other-role", entry }, OTHER);
    expect(e.code).toBe("PROFILE_OWNED_BY_OTHER_ROLE");
    expect(e.exitCode).toBe(5);
    expect(e.message).toContain(ADMIN.roleArn);
    expect(e.message).toContain(OTHER.roleArn);
    expect(e.hint).toContain("--force");
    const f = refusal(
      "default",
      "/h/.aws/credentials",
      { kind: "foreign", looksLike: "static access keys" },
      ADMIN,
    );
    expect(f.code).toBe("PROFILE_NOT_OWNED");
    expect(f.message).toMatch(/Profile default .* holds static access keys/);
  });
});

describe("the record", () => {
  it("keeps the newest key id and the one before, and drops profiles that are gone", () => {
    const next = recordWith(
      [entry, { ...entry, profile: "gone" }, { ...entry, credentialsFile: "/other", profile: "gone" }],
      [{ ...entry, accessKeyId: "ASIANEWER" }],
      (e) => e.credentialsFile !== entry.credentialsFile || e.profile !== "gone",
    );
    expect(next.map((e) => [e.credentialsFile, e.profile, e.accessKeyIds])).toEqual([
      ["/other", "gone", ["ASIANEW", "ASIAPREV"]],
      ["/h/.aws/credentials", "work", ["ASIANEWER", "ASIANEW"]],
    ]);
    const rebound = recordWith(
      [entry],
      [{ ...entry, ...OTHER, accountId: "999988887777", accessKeyId: "ASIAB" }],
      () => true,
    );
    expect(rebound[0]!.accessKeyIds).toEqual(["ASIAB"]);
  });

  it("a damaged record is an error, never read as empty", () => {
    expect(parseRecord(null, "f")).toEqual([]);
    expect(parseRecord(JSON.stringify({ version: 1, profiles: [entry] }), "f")).toEqual([entry]);
    for (const bad of [
      "{",
      "[]",
      '{"version":2,"profiles":[]}',
      JSON.stringify({ version: 1, profiles: [{ ...entry, accountId: "x" }] }),
    ]) {
      expect(() => parseRecord(bad, "f"), bad).toThrow(
        expect.objectContaining({ code: "PROFILE_RECORD_INVALID" }),
      );
    }
  });
});

describe("IniDocument backup and key removal", () => {
  it("gives a section's text and removes keys with their continuation lines", () => {
    const doc = IniDocument.parse(
      "[a]\nx = 1\n\n[profile p]\nregion = eu-west-1\nsso_session = corp\ns3 =\n  max_concurrent_requests = 2\ncredential_process = x\n[b]\ny = 2",
    );
    expect(doc.sectionText("profile p")).toBe(
      "[profile p]\nregion = eu-west-1\nsso_session = corp\ns3 =\n  max_concurrent_requests = 2\ncredential_process = x\n",
    );
    doc.removeKeys("profile p", ["sso_session", "s3", "credential_process"]);
    expect(doc.toString()).toBe("[a]\nx = 1\n\n[profile p]\nregion = eu-west-1\n[b]\ny = 2");
    const last = IniDocument.parse("[p]\na = 1\nb = 2");
    last.removeKeys("p", ["b"]);
    expect(last.toString()).toBe("[p]\na = 1");
    expect(doc.sectionText("missing")).toBeNull();
  });
});
