/**
 * Profile ownership (issue 17 "Own what you write", issue 11 "Profile ownership"): `assume`
 * writes only profiles bastionless wrote for the same role, unless `--force`, and then keeps a
 * backup; default names come from the account and role, so accounts never collide.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { role } from "../fixtures/saml";
import { runCli } from "./assume-run-cli";
import { ADMIN, DEV, ini, world } from "./assume-world";

const STATIC =
  "# my IAM user\n[default]\naws_access_key_id = AKIASTATICKEY000001\naws_secret_access_key = staticsecret\n";
const STATIC_CONFIG = "[default]\nregion = eu-central-1\noutput = json\n";

function seed(file: string, text: string, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
}

describe("profile ownership", () => {
  it("never writes over static keys in default; --force does, after a backup it names", async () => {
    const { sts, sb, saml } = await world();
    seed(sb.credentialsFile, STATIC);
    seed(sb.configFile, STATIC_CONFIG);
    const refused = await runCli(["assume", "--saml-file", saml(), "--profile", "default"], sb.env);
    expect(refused.code, refused.stderr).toBe(5);
    expect(refused.stderr).toMatch(/static access keys, not a profile bastionless wrote/);
    expect(refused.stderr).toContain("default");
    expect(refused.stderr).toContain("--force");
    expect(ini(sb.credentialsFile)).toBe(STATIC);
    expect(ini(sb.configFile)).toBe(STATIC_CONFIG);
    expect(sts.calls.filter((c) => c.action === "AssumeRoleWithSAML")).toHaveLength(0);

    const forced = await runCli(
      ["assume", "--saml-file", saml(), "--profile", "default", "--force", "--json"],
      sb.env,
    );
    expect(forced.code, forced.stderr).toBe(0);
    const [written] = JSON.parse(forced.stdout).profiles;
    expect(written.backup).toEqual(expect.any(String));
    const backup = fs.readFileSync(written.backup, "utf8");
    expect(backup).toContain("aws_access_key_id = AKIASTATICKEY000001");
    expect(backup).toContain("aws_secret_access_key = staticsecret");
    expect(backup).toContain("region = eu-central-1");
    expect(fs.statSync(written.backup).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(written.backup)).mode & 0o777).toBe(0o700);
    expect(path.dirname(path.dirname(written.backup))).toBe(sb.env.BASTIONLESS_CONFIG_DIR);
    const creds = sts.calls.find((c) => c.credentials)!.credentials!;
    expect(ini(sb.credentialsFile)).toContain(`aws_access_key_id = ${creds.accessKeyId}`);
    expect(ini(sb.credentialsFile)).not.toContain("AKIASTATICKEY000001");

    const again = await runCli(["assume", "--saml-file", saml(), "--profile", "default"], sb.env);
    expect(again.code, again.stderr).toBe(0);
  });

  it("a profile written for account A is not overwritten by a sign-in of account B", async () => {
    const { sb, saml } = await world();
    const b = role("999988887777", "Admin");
    expect((await runCli(["assume", "--saml-file", saml(), "--profile", "work"], sb.env)).code).toBe(0);
    const before = ini(sb.credentialsFile);
    const other = await runCli(["assume", "--saml-file", saml({ roles: [b] }), "--profile", "work"], sb.env);
    expect(other.code, other.stderr).toBe(5);
    expect(other.stderr).toContain(ADMIN.roleArn);
    expect(other.stderr).toContain(b.roleArn);
    expect(ini(sb.credentialsFile)).toBe(before);
    const rebound = await runCli(
      ["assume", "--saml-file", saml({ roles: [b] }), "--profile", "work", "--force"],
      sb.env,
    );
    expect(rebound.code, rebound.stderr).toBe(0);
    expect(ini(sb.credentialsFile)).toContain("assumed-role/Admin/");
    expect(ini(sb.credentialsFile)).toContain("arn:aws:sts::999988887777:");
  });

  it("five accounts signed in one after another each keep their own named profile", async () => {
    const accounts = ["100000000001", "100000000002", "100000000003", "100000000004", "100000000005"];
    const { sts, sb, saml } = await world({ accountAliases: { "100000000003": "contoso-prod" } });
    for (const a of accounts) {
      const r = await runCli(["assume", "--saml-file", saml({ roles: [role(a, "Admin")] })], sb.env);
      expect(r.code, r.stderr).toBe(0);
    }
    const text = ini(sb.credentialsFile);
    const issued = sts.calls.filter((c) => c.credentials).map((c) => c.credentials!.accessKeyId);
    const names = ["100000000001", "100000000002", "contoso-prod", "100000000004", "100000000005"].map(
      (a) => `${a}-Admin`,
    );
    names.forEach((n, i) => {
      const section = text.split(`[${n}]\n`)[1]?.split("\n[")[0] ?? "";
      expect(section, n).toContain(`aws_access_key_id = ${issued[i]}`);
      expect(section, n).toContain(`arn:aws:sts::${accounts[i]}:assumed-role/Admin/`);
    });
    expect(text).not.toContain("[saml]");
    const listed = await runCli(["profiles", "--json"], sb.env);
    expect(
      JSON.parse(listed.stdout)
        .profiles.map((p: { profile: string }) => p.profile)
        .sort(),
    ).toEqual([...names].sort());
  });

  it("an existing 0644 credentials file and 0666 config file end at 0600", async () => {
    const { sb, saml } = await world();
    seed(sb.credentialsFile, "[other]\naws_access_key_id = AKIAOTHER\n", 0o644);
    seed(sb.configFile, "[profile other]\nregion = eu-west-1\n", 0o666);
    const r = await runCli(["assume", "--saml-file", saml(), "--profile", "p"], sb.env);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.statSync(sb.credentialsFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(sb.configFile).mode & 0o777).toBe(0o600);
  });

  it.runIf(process.getuid?.() === 0)(
    "a credentials file owned by another user is an error, not a write",
    async () => {
      const { sts, sb, saml } = await world();
      const planted = "[planted]\naws_access_key_id = AKIAPLANTED\n";
      seed(sb.credentialsFile, planted, 0o666);
      fs.chownSync(sb.credentialsFile, 65534, 65534);
      const r = await runCli(["assume", "--saml-file", saml(), "--profile", "p"], sb.env);
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).toMatch(/owned by another user \(uid 65534\)/);
      expect(r.stderr).toContain("AWS_SHARED_CREDENTIALS_FILE");
      expect(ini(sb.credentialsFile)).toBe(planted);
      expect(fs.statSync(sb.credentialsFile).uid).toBe(65534);
      expect(sts.calls.filter((c) => c.action === "AssumeRoleWithSAML")).toHaveLength(0);
    },
  );

  it("an SSO profile is refused; --force saves it and removes the keys that would shadow ours", async () => {
    const { sb, saml } = await world();
    const config =
      "[profile corp]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n";
    seed(sb.configFile, config);
    const refused = await runCli(["assume", "--saml-file", saml(), "--profile", "corp"], sb.env);
    expect(refused.code, refused.stderr).toBe(5);
    expect(refused.stderr).toMatch(/Profile corp .* holds an IAM Identity Center \(SSO\) profile/);
    expect(ini(sb.configFile)).toBe(config);
    const forced = await runCli(
      ["assume", "--saml-file", saml(), "--profile", "corp", "--force", "--json"],
      sb.env,
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(ini(sb.configFile)).toBe(
      "[profile corp]\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n",
    );
    const backup = fs.readFileSync(JSON.parse(forced.stdout).profiles[0].backup, "utf8");
    expect(backup).toContain(
      "[profile corp]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin",
    );
  });

  it("--all-roles writes the roles it may and reports the profile it may not, exit 5", async () => {
    const { sb, saml } = await world();
    const mine = "[111122223333-Admin]\naws_access_key_id = AKIAMINE\naws_secret_access_key = mine\n";
    seed(sb.credentialsFile, mine);
    const r = await runCli(
      ["assume", "--saml-file", saml({ roles: [ADMIN, DEV] }), "--all-roles", "--json"],
      sb.env,
    );
    expect(r.code, r.stderr).toBe(5);
    const out = JSON.parse(r.stdout);
    expect(out.profiles.map((p: { profile: string }) => p.profile)).toEqual(["444455556666-Dev"]);
    expect(out.failed).toEqual([
      { roleArn: ADMIN.roleArn, error: expect.objectContaining({ code: "PROFILE_NOT_OWNED" }) },
    ]);
    expect(ini(sb.credentialsFile).startsWith(mine)).toBe(true);
  });

  it.runIf(process.getuid?.() === 0)(
    "a config file owned by another user is an error, not a write",
    async () => {
      const { sb, saml } = await world();
      seed(sb.configFile, "[profile x]\nregion = eu-west-1\n", 0o666);
      fs.chownSync(sb.configFile, 65534, 65534);
      const r = await runCli(["assume", "--saml-file", saml(), "--profile", "p"], sb.env);
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).toMatch(/AWS config file .* owned by another user/);
      expect(r.stderr).toContain("AWS_CONFIG_FILE");
      expect(fs.existsSync(sb.credentialsFile)).toBe(false);
    },
  );

  it("refuses names the AWS SDK reads differently, and keeps the region of roles with = and ,", async () => {
    const { sts, sb, saml } = await world();
    for (const name of ["sandbox #2", "a;b", "x=y", "two words"]) {
      const r = await runCli(["assume", "--saml-file", saml(), "--profile", name], sb.env);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(/not a valid profile name/);
    }
    expect(sts.calls).toHaveLength(0);
    const odd = role("111122223333", "Ops=Team,EU");
    const r = await runCli(
      ["assume", "--saml-file", saml({ roles: [odd] }), "--region", "eu-west-3", "--json"],
      sb.env,
    );
    expect(r.code, r.stderr).toBe(0);
    const [p] = JSON.parse(r.stdout).profiles;
    expect(p.profile).toMatch(/^[\w.@+-]+$/);
    const { loadSharedConfigFiles } = await import("@smithy/core/config");
    const files = await loadSharedConfigFiles({
      filepath: sb.credentialsFile,
      configFilepath: sb.configFile,
      ignoreCache: true,
    });
    expect(files.configFile[p.profile]?.region).toBe("eu-west-3");
    expect(files.credentialsFile[p.profile]?.x_principal_arn).toContain("Ops=Team,EU");
  });
});
