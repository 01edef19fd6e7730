/** `bastionless roles` and `bastionless profiles` as processes, beside the fake STS. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./assume-run-cli";
import { ADMIN, DEV, world } from "./assume-world";

describe("bastionless roles", () => {
  it("lists the roles as text and as JSON without calling AWS", async () => {
    const { sts, sb, saml } = await world();
    const file = saml({ roles: [ADMIN, DEV], roleOrder: "provider-first" });
    const text = await runCli(["roles", "--saml-file", file], sb.env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("2 roles");
    expect(text.stdout).toContain(DEV.roleArn);
    const json = await runCli(["roles", "--saml-file", file, "--json"], sb.env);
    expect(JSON.parse(json.stdout)).toMatchObject({
      partition: "aws",
      roles: [{ roleArn: ADMIN.roleArn }, { roleArn: DEV.roleArn }],
    });
    expect(sts.calls).toHaveLength(0);
  });

  it("exits 3 on bad input, 5 on an unreadable file and 2 on bad flags", async () => {
    const { sb } = await world();
    const junk = path.join(sb.dir, "junk.txt");
    fs.writeFileSync(junk, "not a SAML response!");
    const bad = await runCli(["roles", "--saml-file", junk], sb.env);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/neither base64 nor XML/);
    // README's table: a file that cannot be read is a file problem (exit 5), not bad input (issue 11).
    expect((await runCli(["roles", "--saml-file", path.join(sb.dir, "missing")], sb.env)).code).toBe(5);
    expect((await runCli(["roles"], sb.env)).code).toBe(2);
    expect((await runCli(["roles", "--saml-file", junk, "--bogus"], sb.env)).code).toBe(2);
  });
});

describe("bastionless profiles", () => {
  it("lists what bastionless wrote, with expiry, marking expired ones, and not another tool's", async () => {
    const { sb, saml } = await world();
    fs.mkdirSync(path.dirname(sb.credentialsFile), { recursive: true });
    fs.writeFileSync(
      sb.credentialsFile,
      "[mine]\naws_access_key_id = AKIAMINE\n\n[saml2aws]\naws_access_key_id = ASIAOLD\nx_security_token_expires = 2020-01-01T00:00:00Z\nx_principal_arn = arn:aws:sts::123456789012:assumed-role/Old/u\n",
    );
    expect((await runCli(["assume", "--saml-file", saml()], sb.env)).code).toBe(0);
    expect((await runCli(["assume", "--saml-file", saml(), "--profile", "stale"], sb.env)).code).toBe(0);
    // Expire one of ours by hand, the way time would.
    const text = fs.readFileSync(sb.credentialsFile, "utf8");
    const [head, stale] = text.split("[stale]");
    fs.writeFileSync(
      sb.credentialsFile,
      `${head}[stale]${stale!.replace(/x_security_token_expires = \S+/, "x_security_token_expires = 2020-01-01T00:00:00Z")}`,
    );
    const json = JSON.parse((await runCli(["profiles", "--json"], sb.env)).stdout);
    expect(json.profiles).toEqual([
      expect.objectContaining({
        profile: "111122223333-Admin",
        roleArn: ADMIN.roleArn,
        region: "us-east-1",
        expired: false,
      }),
      {
        profile: "stale",
        roleArn: ADMIN.roleArn,
        principalArn: "arn:aws:sts::111122223333:assumed-role/Admin/test.user@contoso.example",
        region: "us-east-1",
        expiration: "2020-01-01T00:00:00.000Z",
        expired: true,
        accountAlias: null,
      },
    ]);
    const out = await runCli(["profiles"], sb.env);
    expect(out.stdout).toMatch(/stale .*EXPIRED/);
    expect(out.stdout).toMatch(/111122223333-Admin .*us-east-1 .*\(in (59 min|1 h)\)/);
    expect(out.stdout).not.toContain("mine");
    expect(out.stdout).not.toContain("saml2aws");
  });

  it("names each account by the alias IAM gave at sign-in, kept in a 0600 file, else by its id", async () => {
    const { sts, sb, saml } = await world({ accountAliases: { "111122223333": "contoso-prod" } });
    const aliasCalls = () => sts.calls.filter((c) => c.action === "ListAccountAliases").length;
    // The default names ({account}-{role}) ask IAM; the aliases are kept for later (issue 11).
    expect((await runCli(["assume", "--saml-file", saml()], sb.env)).code).toBe(0);
    expect((await runCli(["assume", "--saml-file", saml({ roles: [DEV] })], sb.env)).code).toBe(0);
    expect(aliasCalls()).toBe(2);
    const file = path.join(sb.env.BASTIONLESS_CONFIG_DIR!, "account-names.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(fs.readFileSync(file, "utf8")).accounts)).toEqual(["111122223333"]);
    // An explicit name needs no alias: IAM is not asked, and the name already known is shown.
    expect((await runCli(["assume", "--saml-file", saml(), "--profile", "work"], sb.env)).code).toBe(0);
    expect(aliasCalls()).toBe(2);
    const json = JSON.parse((await runCli(["profiles", "--json"], sb.env)).stdout);
    const pairs = (list: Array<{ profile: string; accountAlias: string | null }>) =>
      list.map((p) => [p.profile, p.accountAlias]);
    expect(pairs(json.profiles)).toEqual([
      ["contoso-prod-Admin", "contoso-prod"],
      ["444455556666-Dev", null],
      ["work", "contoso-prod"],
    ]);
    const text = (await runCli(["profiles"], sb.env)).stdout;
    expect(text).toMatch(/work +contoso-prod \(111122223333\) /);
    expect(text).toMatch(/444455556666-Dev +444455556666 /);
    // A damaged names file costs only the names: profiles still list, and the next sign-in rewrites it.
    fs.writeFileSync(file, "{not json");
    const damaged = JSON.parse((await runCli(["profiles", "--json"], sb.env)).stdout);
    expect(pairs(damaged.profiles).map((p) => p[1])).toEqual([null, null, null]);
    expect((await runCli(["assume", "--saml-file", saml()], sb.env)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).accounts["111122223333"].alias).toBe("contoso-prod");
  });

  it("keeps the sign-in quiet when IAM refuses the alias", async () => {
    const { sb, saml } = await world({ iamDenied: true });
    const r = await runCli(["assume", "--saml-file", saml()], sb.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("111122223333-Admin");
    expect(r.stderr).toBe("");
    expect(fs.existsSync(path.join(sb.env.BASTIONLESS_CONFIG_DIR!, "account-names.json"))).toBe(false);
  });

  it("says so when there are none", async () => {
    const { sb } = await world();
    const r = await runCli(["profiles"], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No profiles/);
  });
});
