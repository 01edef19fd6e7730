/**
 * `bastionless assume` as a process against the fake STS/IAM, reached only through the SDK's
 * standard endpoint settings.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStsOptions } from "../fakes/sts/index";
import { makeSamlResponse, role, SIGNIN_GOV } from "../fixtures/saml";
import { runCli } from "./assume-run-cli";
import { ADMIN, DEV, ini, world } from "./assume-world";

describe("bastionless assume", () => {
  it("writes the single role to <account>-<role> by default and never stores the assertion", async () => {
    const { sb, saml } = await world();
    const r = await runCli(["assume", "--saml-file", saml()], sb.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /Profile 111122223333-Admin: arn:aws:iam::111122223333:role\/Admin, region us-east-1/,
    );
    expect(ini(sb.configFile)).toBe("[profile 111122223333-Admin]\nregion = us-east-1\n");
  });

  it("--force rewrites a foreign profile in place, keeping the file's other bytes, and never stores the assertion", async () => {
    const { sts, sb, saml } = await world();
    fs.mkdirSync(path.dirname(sb.credentialsFile), { recursive: true });
    const before =
      "# my keys\r\n[work]\r\naws_access_key_id = AKIAWORK\r\n\r\n[saml]\r\n# keep me\r\nregion = x\r\naws_access_key_id = OLD";
    fs.writeFileSync(sb.credentialsFile, before);
    const file = saml();
    const r = await runCli(["assume", "--saml-file", file, "--profile", "saml", "--force"], sb.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Profile saml: arn:aws:iam::111122223333:role\/Admin, region us-east-1/);
    expect(r.stdout).toMatch(/the old section is saved in .*\/backups\/saml-\d{8}T\d{6}Z\.ini/);
    const creds = sts.calls[0]!.credentials!;
    const after = ini(sb.credentialsFile);
    expect(
      after.startsWith(
        "# my keys\r\n[work]\r\naws_access_key_id = AKIAWORK\r\n\r\n[saml]\r\n# keep me\r\nregion = x\r\n",
      ),
    ).toBe(true);
    expect(after).toContain(
      `aws_access_key_id = ${creds.accessKeyId}\r\naws_secret_access_key = ${creds.secretAccessKey}\r\n`,
    );
    expect(after).toContain(
      `aws_security_token = ${creds.sessionToken}\r\nx_security_token_expires = ${creds.expiration}\r\n`,
    );
    expect(
      after.endsWith(
        "x_principal_arn = arn:aws:sts::111122223333:assumed-role/Admin/test.user@contoso.example",
      ),
    ).toBe(true);
    expect(ini(sb.configFile)).toBe("[profile saml]\nregion = us-east-1\n");
    expect(sts.calls[0]).toMatchObject({ signed: false, durationSeconds: 3600 });
    const assertion = fs.readFileSync(file, "utf8").slice(100, 300);
    for (const f of fs.readdirSync(sb.home, { recursive: true })) {
      const p = path.join(sb.home, String(f));
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p, "utf8")).not.toContain(assertion);
    }
    expect(r.stderr + r.stdout).not.toContain(assertion);
  });

  it("creates the folder 0700 and the files 0600", async () => {
    const { sb, saml } = await world();
    expect(
      (await runCli(["assume", "--saml-file", saml(), "--profile", "p1", "--region", "eu-west-1"], sb.env))
        .code,
    ).toBe(0);
    expect(fs.statSync(path.dirname(sb.credentialsFile)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(sb.credentialsFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(sb.configFile).mode & 0o777).toBe(0o600);
    expect(ini(sb.configFile)).toBe("[profile p1]\nregion = eu-west-1\n");
  });

  it("lists the roles and exits 2 when several are granted and none is chosen", async () => {
    const { sts, sb, saml } = await world();
    const r = await runCli(["assume", "--saml-file", saml({ roles: [ADMIN, DEV] })], sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(ADMIN.roleArn);
    expect(r.stderr).toContain(DEV.roleArn);
    expect(r.stderr).toMatch(/--role ARN .*--all-roles/);
    expect(sts.calls).toHaveLength(0);
  });

  it("--all-roles names profiles by account alias, or the id when IAM says no", async () => {
    const { sts, sb, saml } = await world({ accountAliases: { "111122223333": "contoso-prod" } });
    const r = await runCli(
      ["assume", "--saml-file", saml({ roles: [ADMIN, DEV] }), "--all-roles", "--json"],
      sb.env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).profiles.map((p: { profile: string }) => p.profile)).toEqual([
      "contoso-prod-Admin",
      "444455556666-Dev",
    ]);
    expect(sts.calls.filter((c) => c.action === "ListAccountAliases").map((c) => c.signingRegion)).toEqual([
      "us-east-1",
      "us-east-1",
    ]);
    const denied = await world({ iamDenied: true });
    const d = await runCli(
      ["assume", "--saml-file", denied.saml({ roles: [ADMIN] }), "--all-roles"],
      denied.sb.env,
    );
    expect(d.stdout).toContain("Profile 111122223333-Admin");
  });

  it("does not wait long for a slow IAM", async () => {
    const { sb, saml } = await world({ iamDelayMs: 20_000, accountAliases: { "111122223333": "slow" } });
    const t0 = Date.now();
    const r = await runCli(["assume", "--saml-file", saml(), "--all-roles"], sb.env);
    expect(r.stdout).toContain("Profile 111122223333-Admin");
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it("steps the duration down when STS says it is over the role's maximum, and says so", async () => {
    const { sts, sb, saml } = await world({ maxSessionDuration: 14400 });
    const r = await runCli(["assume", "--saml-file", saml({ sessionDuration: 43200 }), "--json"], sb.env);
    expect(r.code, r.stderr).toBe(0);
    const [p] = JSON.parse(r.stdout).profiles;
    expect(p.durationSeconds).toBe(14400);
    expect(p.durationNote).toMatch(/refused 43200 s.*used 14400 s/);
    const assumes = () => sts.calls.filter((c) => c.action === "AssumeRoleWithSAML");
    expect(assumes().map((c) => c.durationSeconds)).toEqual([43200, 36000, 28800, 21600, 14400]);
    const exact = await runCli(["assume", "--saml-file", saml(), "--duration", "7200"], sb.env);
    expect(exact.code).toBe(0);
    expect(assumes().at(-1)!.durationSeconds).toBe(7200);
  });

  it("rides out throttling and a 500 with the SDK's retries", async () => {
    const { sb, saml } = await world({
      fault: (c) => (c.attempt === 0 ? "Throttling" : c.attempt === 1 ? "InternalError" : null),
    });
    const r = await runCli(["assume", "--saml-file", saml()], sb.env);
    expect(r.code, r.stderr).toBe(0);
  });

  const refusals: Array<[FakeStsOptions["fault"], string]> = [
    [
      () => "InvalidIdentityToken",
      "STS refused arn:aws:iam::111122223333:role/Admin: Invalid SAML response received",
    ],
    [() => "Throttling", "Rate exceeded"],
    [() => "InternalError", "STS failed (HTTP 500)"],
    [() => "AccessDenied", "trust policy"],
  ];
  for (const [fault, text] of refusals) {
    it(`exits 4 and leaves the files alone when STS refuses (${text.slice(0, 30)})`, async () => {
      const { sb, saml } = await world({ fault });
      fs.mkdirSync(path.dirname(sb.credentialsFile), { recursive: true });
      fs.writeFileSync(sb.credentialsFile, "[keep]\nk = v\n");
      const r = await runCli(["assume", "--saml-file", saml()], sb.env);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(text);
      expect(ini(sb.credentialsFile)).toBe("[keep]\nk = v\n");
    });
  }

  it("writes the roles STS accepted and exits 4 for the one it refused", async () => {
    const { sb, saml } = await world({ fault: (c) => (c.roleArn === DEV.roleArn ? "AccessDenied" : null) });
    const r = await runCli(
      ["assume", "--saml-file", saml({ roles: [ADMIN, DEV] }), "--all-roles", "--json"],
      sb.env,
    );
    expect(r.code).toBe(4);
    const out = JSON.parse(r.stdout);
    expect(out.profiles.map((p: { profile: string }) => p.profile)).toEqual(["111122223333-Admin"]);
    expect(out.failed).toEqual([
      expect.objectContaining({
        roleArn: DEV.roleArn,
        error: expect.objectContaining({ code: "STS_ACCESS_DENIED" }),
      }),
    ]);
    expect(ini(sb.credentialsFile)).toContain("[111122223333-Admin]");
  });

  it("says AWS is unreachable when nothing listens", async () => {
    const { sb, saml } = await world({}, { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9" });
    const r = await runCli(["assume", "--saml-file", saml()], sb.env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Could not reach STS/);
  });

  it("uses the partition's default region for GovCloud and refuses a region from another partition", async () => {
    const gov = role("123456789012", "GovAdmin", { partition: "aws-us-gov" });
    const { sb, saml } = await world();
    const file = saml({ roles: [gov], destination: SIGNIN_GOV });
    const r = await runCli(["assume", "--saml-file", file, "--json"], sb.env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).profiles[0]).toMatchObject({ region: "us-gov-west-1", roleArn: gov.roleArn });
    const wrong = await runCli(["assume", "--saml-file", file, "--region", "eu-west-1"], sb.env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/not in partition aws-us-gov/);
  });

  it("keeps a profile's configured region unless --region is given", async () => {
    const { sb, saml } = await world();
    fs.mkdirSync(path.dirname(sb.configFile), { recursive: true });
    fs.writeFileSync(sb.configFile, "[profile saml]\noutput = json\nregion = ap-southeast-2\n");
    const named = ["--profile", "saml"];
    expect((await runCli(["assume", "--saml-file", saml(), ...named], sb.env)).code).toBe(0);
    expect(ini(sb.configFile)).toBe("[profile saml]\noutput = json\nregion = ap-southeast-2\n");
    expect(
      (await runCli(["assume", "--saml-file", saml(), ...named, "--region", "eu-north-1"], sb.env)).code,
    ).toBe(0);
    expect(ini(sb.configFile)).toBe("[profile saml]\noutput = json\nregion = eu-north-1\n");
  });

  it("reads the response from standard input with --saml-file -", async () => {
    const { sb } = await world();
    const r = await runCli(["assume", "--saml-file", "-", "--profile", "piped"], sb.env, {
      stdin: makeSamlResponse({ roles: [ADMIN] }).base64,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(ini(sb.credentialsFile)).toContain("[piped]");
  });

  it("refuses invalid profile names, bad durations and unknown roles with exit 2", async () => {
    const { sts, sb, saml } = await world();
    for (const name of [" lead", "trail ", "a]b", "[x", "", "sandbox #2", "a=b"]) {
      const r = await runCli(["assume", "--saml-file", saml(), "--profile", name], sb.env);
      expect(r.code, name).toBe(2);
    }
    expect((await runCli(["assume", "--saml-file", saml(), "--duration", "60"], sb.env)).code).toBe(2);
    const unknown = await runCli(["assume", "--saml-file", saml(), "--role", DEV.roleArn], sb.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(ADMIN.roleArn);
    expect(sts.calls).toHaveLength(0);
  });
});
