/**
 * The built host over real stdin/stdout frames, the way the extension drives it: saml.inspect,
 * credentials.assume and profiles.list against the fake STS/IAM.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSts, startFakeSts } from "../fakes/sts/index";
import { makeSamlResponse, role, SIGNIN_CN } from "../fixtures/saml";
import { allowCaller, HostProcess, TEST_ORIGIN } from "../support/host-process";
import { makeSandbox, type Sandbox } from "../support/sandbox";

const ADMIN = role("111122223333", "Admin");
const DEV = role("444455556666", "Dev");
const OPS = role("111122223333", "Ops");

let sts: FakeSts;
let sb: Sandbox;
let host: HostProcess;

beforeAll(async () => {
  sts = await startFakeSts({
    accountAliases: { "111122223333": "contoso" },
    fault: (c) => (c.roleArn?.endsWith("role/Broken") ? "InvalidIdentityToken" : null),
  });
  sb = makeSandbox({
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_IAM: sts.url,
    BASTIONLESS_LOG_DIR: "",
  });
  allowCaller(sb.env);
  sb.env.BASTIONLESS_LOG_DIR = path.join(sb.dir, "logs");
  host = new HostProcess([TEST_ORIGIN], sb.env);
});

afterAll(async () => {
  await host?.close();
  await sts?.close();
  sb?.cleanup();
});

describe("native host: SAML to profiles over frames", () => {
  it("saml.inspect returns the summary", async () => {
    const { base64 } = makeSamlResponse({ roles: [ADMIN, DEV], sessionDuration: 7200 });
    const reply = await host.request(1, "saml.inspect", {
      samlResponse: base64,
      url: "https://signin.aws.amazon.com/saml",
    });
    expect(reply).toMatchObject({
      id: 1,
      ok: true,
      result: {
        partition: "aws",
        sessionDuration: 7200,
        roles: [{ roleName: "Admin" }, { roleName: "Dev" }],
      },
    });
  });

  it("saml.inspect answers bad input with coded errors and keeps serving", async () => {
    expect(await host.request(2, "saml.inspect", { samlResponse: "%%%" })).toMatchObject({
      ok: false,
      error: { code: "SAML_NOT_BASE64" },
    });
    const cn = makeSamlResponse({ roles: [ADMIN] }).base64;
    expect(await host.request(3, "saml.inspect", { samlResponse: cn, url: SIGNIN_CN })).toMatchObject({
      ok: false,
      error: { code: "SAML_PARTITION_MISMATCH" },
    });
    const bomb = `<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>`;
    expect(await host.request(4, "saml.inspect", { samlResponse: bomb })).toMatchObject({
      ok: false,
      error: { code: "SAML_DTD_REFUSED" },
    });
  });

  it("credentials.assume writes the one role as <alias>-<role>, `profile` or `profileTemplate`", async () => {
    const { base64 } = makeSamlResponse({ roles: [ADMIN] });
    const reply = await host.request(5, "credentials.assume", { samlResponse: base64 });
    expect(reply).toMatchObject({
      ok: true,
      result: {
        profiles: [
          {
            profile: "contoso-Admin",
            roleArn: ADMIN.roleArn,
            principalArn: ADMIN.principalArn,
            region: "us-east-1",
            durationSeconds: 3600,
          },
        ],
      },
    });
    expect(reply.result.failed).toBeUndefined();
    const named = await host.request(6, "credentials.assume", {
      samlResponse: base64,
      profile: "work",
      region: "eu-west-1",
    });
    expect(named.result.profiles[0]).toMatchObject({ profile: "work", region: "eu-west-1" });
    const fixed = await host.request(15, "credentials.assume", {
      samlResponse: base64,
      profileTemplate: "saml",
    });
    expect(fixed.result.profiles[0]).toMatchObject({ profile: "saml" });
  });

  it("credentials.assume refuses a profile it does not own, names it, and writes it only with force", async () => {
    fs.appendFileSync(
      sb.credentialsFile,
      "\n[static]\naws_access_key_id = AKIASTATIC\naws_secret_access_key = s\n",
    );
    const before = fs.readFileSync(sb.credentialsFile, "utf8");
    const { base64 } = makeSamlResponse({ roles: [ADMIN] });
    const refused = await host.request(16, "credentials.assume", { samlResponse: base64, profile: "static" });
    expect(refused).toMatchObject({ ok: false, error: { code: "PROFILE_NOT_OWNED" } });
    expect(refused.error.message).toContain("Profile static");
    expect(refused.error.message).toContain("static access keys");
    expect(fs.readFileSync(sb.credentialsFile, "utf8")).toBe(before);
    const other = await host.request(17, "credentials.assume", {
      samlResponse: makeSamlResponse({ roles: [DEV] }).base64,
      profile: "work",
    });
    expect(other).toMatchObject({ ok: false, error: { code: "PROFILE_OWNED_BY_OTHER_ROLE" } });
    expect(other.error.message).toContain(ADMIN.roleArn);
    expect(
      await host.request(18, "credentials.assume", { samlResponse: base64, profile: "static", force: "yes" }),
    ).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    const forced = await host.request(19, "credentials.assume", {
      samlResponse: base64,
      profile: "static",
      force: true,
    });
    expect(forced.result.profiles[0]).toMatchObject({ profile: "static", backup: expect.any(String) });
    expect(fs.readFileSync(forced.result.profiles[0].backup, "utf8")).toContain(
      "aws_access_key_id = AKIASTATIC",
    );
    expect(fs.readFileSync(sb.credentialsFile, "utf8")).not.toContain("AKIASTATIC");
  });

  it("credentials.assume asks for a choice when several roles are granted", async () => {
    const { base64 } = makeSamlResponse({ roles: [ADMIN, DEV] });
    const reply = await host.request(7, "credentials.assume", { samlResponse: base64 });
    expect(reply).toMatchObject({ ok: false, error: { code: "ROLE_CHOICE_NEEDED" } });
    expect(reply.error.message).toContain(DEV.roleArn);
  });

  it("credentials.assume takes roleArns with profileNames, and allRoles with alias names", async () => {
    const { base64 } = makeSamlResponse({ roles: [ADMIN, DEV, OPS] });
    const chosen = await host.request(8, "credentials.assume", {
      samlResponse: base64,
      roleArns: [DEV.roleArn, OPS.roleArn],
      profileNames: { [DEV.roleArn]: "dev" },
    });
    expect(chosen.result.profiles.map((p: { profile: string }) => p.profile)).toEqual(["dev", "contoso-Ops"]);
    const all = await host.request(9, "credentials.assume", { samlResponse: base64, allRoles: true });
    expect(all.result.profiles.map((p: { profile: string }) => p.profile)).toEqual([
      "contoso-Admin",
      "444455556666-Dev",
      "contoso-Ops",
    ]);
  });

  it("credentials.assume reports roles STS refused next to those it wrote", async () => {
    const broken = role("111122223333", "Broken");
    const { base64 } = makeSamlResponse({ roles: [ADMIN, broken] });
    const reply = await host.request(10, "credentials.assume", { samlResponse: base64, allRoles: true });
    expect(reply.ok).toBe(true);
    expect(reply.result.profiles).toHaveLength(1);
    expect(reply.result.failed).toEqual([
      { roleArn: broken.roleArn, error: expect.objectContaining({ code: "STS_INVALID_IDENTITY_TOKEN" }) },
    ]);
    const only = await host.request(11, "credentials.assume", {
      samlResponse: makeSamlResponse({ roles: [broken] }).base64,
    });
    expect(only).toMatchObject({ ok: false, error: { code: "STS_INVALID_IDENTITY_TOKEN" } });
  });

  it("credentials.assume refuses bad params before anything happens", async () => {
    const { base64 } = makeSamlResponse({ roles: [ADMIN] });
    expect(
      await host.request(12, "credentials.assume", { samlResponse: base64, profile: "sandbox #2" }),
    ).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(
      await host.request(13, "credentials.assume", { samlResponse: base64, durationSeconds: 10 }),
    ).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
  });

  it("profiles.list shows what was written, with expiry", async () => {
    const reply = await host.request(14, "profiles.list");
    const names = reply.result.profiles.map((p: { profile: string }) => p.profile);
    expect(names).toEqual([
      "contoso-Admin",
      "work",
      "saml",
      "static",
      "dev",
      "contoso-Ops",
      "444455556666-Dev",
    ]);
    for (const p of reply.result.profiles) {
      expect(p.expired).toBe(false);
      expect(Date.parse(p.expiration)).toBeGreaterThan(Date.now());
    }
  });

  it("never logs the assertion or the secrets", async () => {
    const creds = sts.calls.flatMap((c) =>
      c.credentials ? [c.credentials.secretAccessKey, c.credentials.sessionToken] : [],
    );
    const log = fs.readFileSync(path.join(sb.env.BASTIONLESS_LOG_DIR!, "host.log"), "utf8");
    expect(log).toMatch(/profile written/);
    const assertion = makeSamlResponse({ roles: [ADMIN] }).base64.slice(0, 120);
    expect(log).not.toContain(assertion);
    for (const secret of creds) expect(log + host.stderr).not.toContain(secret);
  });
});
