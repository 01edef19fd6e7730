/** The pure decisions around AssumeRoleWithSAML: which roles, which names, which region, which duration. */
import { describe, expect, it } from "vitest";
import type { RoleChoice } from "../../contract/domain";
import { expiryText } from "../../native-host/src/aws/files/expiry-text";
import {
  checkProfileName,
  namesFromAccounts,
  planProfileNames,
} from "../../native-host/src/aws/files/profile-names";
import { roleArnFromAssumed } from "../../native-host/src/aws/files/written-profiles";
import { profileRegion, stsRegion } from "../../native-host/src/aws/sts/region";
import { selectRoles } from "../../native-host/src/aws/sts/select-roles";
import {
  durationNote,
  isOverMaxSessionDuration,
  nextShorterDuration,
} from "../../native-host/src/aws/sts/session-duration";

const r = (account: string, name: string, path = ""): RoleChoice => ({
  roleArn: `arn:aws:iam::${account}:role/${path}${name}`,
  principalArn: `arn:aws:iam::${account}:saml-provider/Entra`,
  accountId: account,
  roleName: name,
});
const A = r("111122223333", "Admin");
const B = r("444455556666", "Dev");
const C = r("111122223333", "Admin", "team/");

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as { code: string }).code;
  }
  return "no error";
}

describe("selectRoles", () => {
  it("takes the only role, the asked ones, or all", () => {
    expect(selectRoles([A], {})).toEqual([A]);
    expect(selectRoles([A, B], { roleArns: [B.roleArn, B.roleArn] })).toEqual([B]);
    expect(selectRoles([A, B], { allRoles: true })).toEqual([A, B]);
  });
  it("refuses an unclear or impossible choice", () => {
    expect(codeOf(() => selectRoles([A, B], {}))).toBe("ROLE_CHOICE_NEEDED");
    expect(codeOf(() => selectRoles([A], { roleArns: [B.roleArn] }))).toBe("ROLE_NOT_IN_ASSERTION");
    expect(codeOf(() => selectRoles([A, B], { roleArns: [A.roleArn], allRoles: true }))).toBe("USAGE");
  });
});

describe("planProfileNames", () => {
  const aliases = new Map([["111122223333", "contoso"]]);
  it("names one role from the template (alias, else account id) or --profile", () => {
    expect(planProfileNames([A], {}, aliases).get(A.roleArn)).toBe("contoso-Admin");
    expect(planProfileNames([B], {}, aliases).get(B.roleArn)).toBe("444455556666-Dev");
    expect(planProfileNames([A], { profile: "work" }, aliases).get(A.roleArn)).toBe("work");
    expect(planProfileNames([A], { profileTemplate: "saml" }, aliases).get(A.roleArn)).toBe("saml");
    expect(planProfileNames([A], { profileTemplate: "{accountId}.{role}" }, aliases).get(A.roleArn)).toBe(
      "111122223333.Admin",
    );
  });
  it("makes role names with = and , usable profile names", () => {
    const odd = r("111122223333", "Ops=Team,EU");
    expect(planProfileNames([odd], {}, new Map()).get(odd.roleArn)).toBe("111122223333-Ops-Team-EU");
  });
  it("looks up aliases only when a template names the account", () => {
    expect(namesFromAccounts([A], {})).toBe(true);
    expect(namesFromAccounts([A], { profile: "x" })).toBe(false);
    expect(namesFromAccounts([A], { profileTemplate: "{accountId}-{role}" })).toBe(false);
    expect(namesFromAccounts([A, B], { profileNames: { [A.roleArn]: "a", [B.roleArn]: "b" } })).toBe(false);
  });
  it("refuses a template that gives several roles one name, or names an unknown field", () => {
    expect(codeOf(() => planProfileNames([A, B], { profileTemplate: "saml" }, aliases))).toBe(
      "PROFILE_NAME_CONFLICT",
    );
    expect(codeOf(() => planProfileNames([A], { profileTemplate: "{acct}-{role}" }, aliases))).toBe(
      "PROFILE_NAME_INVALID",
    );
  });
  it("names several roles by alias or account id and role name", () => {
    const names = planProfileNames([A, B], { allRoles: true }, aliases);
    expect([...names.values()]).toEqual(["contoso-Admin", "444455556666-Dev"]);
    expect([...planProfileNames([A], { allRoles: true }, new Map()).values()]).toEqual([
      "111122223333-Admin",
    ]);
  });
  it("takes names from profileNames first, and numbers same-named roles under other paths", () => {
    expect([...planProfileNames([A, B], { profileNames: { [B.roleArn]: "dev" } }, aliases).values()]).toEqual(
      ["contoso-Admin", "dev"],
    );
    expect([...planProfileNames([A, C], { allRoles: true }, aliases).values()]).toEqual([
      "contoso-Admin",
      "contoso-Admin-2",
    ]);
  });
  it("refuses --profile for several roles and clashing explicit names", () => {
    expect(codeOf(() => planProfileNames([A, B], { profile: "x" }, aliases))).toBe("USAGE");
    expect(
      codeOf(() =>
        planProfileNames([A, B], { profileNames: { [A.roleArn]: "x", [B.roleArn]: "x" } }, aliases),
      ),
    ).toBe("PROFILE_NAME_CONFLICT");
  });
  it("checks names the way the AWS SDK reads them", () => {
    for (const bad of [
      "",
      " x",
      "x ",
      "a[b",
      "a]b",
      "a\nb",
      "a\rb",
      "tab\there",
      "x".repeat(129),
      "sandbox #2",
      "a;b",
      "a=b",
      "a,b",
      "prod admin",
      "ünïcode",
      "-x",
      "sso-session.corp",
      "services.s3",
    ])
      expect(
        codeOf(() => checkProfileName(bad, "--profile")),
        JSON.stringify(bad),
      ).toBe("PROFILE_NAME_INVALID");
    for (const good of ["saml", "default", "prod-Admin", "a.b@c+d_e", "x".repeat(128)])
      expect(checkProfileName(good, "--profile")).toBe(good);
  });
});

describe("regions", () => {
  it("prefers --region, then the sign-in endpoint's region, then the partition default", () => {
    expect(stsRegion("aws", "eu-west-1", "us-west-2")).toBe("eu-west-1");
    expect(stsRegion("aws", undefined, "us-west-2")).toBe("us-west-2");
    expect(stsRegion("aws-cn", undefined, null)).toBe("cn-north-1");
    expect(stsRegion("aws-us-gov", undefined, null)).toBe("us-gov-west-1");
  });
  it("refuses a region from another partition or not a region at all", () => {
    expect(codeOf(() => stsRegion("aws-cn", "us-east-1", null))).toBe("REGION_PARTITION_MISMATCH");
    expect(codeOf(() => stsRegion("aws", "cn-north-1", null))).toBe("REGION_PARTITION_MISMATCH");
    expect(codeOf(() => stsRegion("aws", "mars-1", null))).toBe("REGION_INVALID");
  });
  it("keeps a profile's usable configured region unless --region is given", () => {
    expect(profileRegion("aws", undefined, "ap-south-1", "us-east-1")).toBe("ap-south-1");
    expect(profileRegion("aws", "eu-west-1", "ap-south-1", "us-east-1")).toBe("eu-west-1");
    expect(profileRegion("aws", undefined, "cn-north-1", "us-east-1")).toBe("us-east-1");
    expect(profileRegion("aws", undefined, "garbage", "us-east-1")).toBe("us-east-1");
  });
});

describe("session duration", () => {
  it("steps down through the standard durations to 3600", () => {
    const seen: number[] = [];
    for (let d: number | null = 43200; d !== null; d = nextShorterDuration(d)) seen.push(d);
    expect(seen).toEqual([43200, 36000, 28800, 21600, 14400, 10800, 7200, 3600]);
    expect(nextShorterDuration(5000)).toBe(3600);
    expect(nextShorterDuration(900)).toBeNull();
  });
  it("recognises STS's MaxSessionDuration refusal and nothing else", () => {
    expect(
      isOverMaxSessionDuration({
        name: "ValidationError",
        message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      }),
    ).toBe(true);
    expect(
      isOverMaxSessionDuration({ name: "ValidationError", message: "1 validation error detected" }),
    ).toBe(false);
    expect(isOverMaxSessionDuration({ name: "AccessDenied", message: "MaxSessionDuration" })).toBe(false);
    expect(durationNote(43200, 3600)).toMatch(/43200 s.*3600 s/);
  });
});

describe("profile facts", () => {
  it("derives the role ARN from the assumed-role ARN", () => {
    expect(roleArnFromAssumed("arn:aws-us-gov:sts::123456789012:assumed-role/Admin/u@x.example")).toBe(
      "arn:aws-us-gov:iam::123456789012:role/Admin",
    );
    expect(roleArnFromAssumed("not an arn")).toBeNull();
  });
  it("words expiry for people", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    expect(expiryText("2026-01-01T13:05:00Z", now)).toBe("2026-01-01T13:05:00Z (in 1 h 5 min)");
    expect(expiryText("2026-01-01T11:58:00Z", now)).toBe("2026-01-01T11:58:00Z (expired 2 min ago)");
    expect(expiryText(null, now)).toBe("expiry unknown");
  });
});
