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

  it("exits 3 with a coded message on bad input and 2 on bad flags", async () => {
    const { sb } = await world();
    const junk = path.join(sb.dir, "junk.txt");
    fs.writeFileSync(junk, "not a SAML response!");
    const bad = await runCli(["roles", "--saml-file", junk], sb.env);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/neither base64 nor XML/);
    expect((await runCli(["roles", "--saml-file", path.join(sb.dir, "missing")], sb.env)).code).toBe(3);
    expect((await runCli(["roles"], sb.env)).code).toBe(2);
    expect((await runCli(["roles", "--saml-file", junk, "--bogus"], sb.env)).code).toBe(2);
  });
});

describe("bastionless profiles", () => {
  it("lists what bastionless wrote, with expiry, marking expired ones", async () => {
    const { sb, saml } = await world();
    fs.mkdirSync(path.dirname(sb.credentialsFile), { recursive: true });
    fs.writeFileSync(
      sb.credentialsFile,
      "[mine]\naws_access_key_id = AKIAMINE\n\n[old]\naws_access_key_id = ASIAOLD\nx_security_token_expires = 2020-01-01T00:00:00Z\nx_principal_arn = arn:aws:sts::123456789012:assumed-role/Old/u\n",
    );
    expect((await runCli(["assume", "--saml-file", saml()], sb.env)).code).toBe(0);
    const json = JSON.parse((await runCli(["profiles", "--json"], sb.env)).stdout);
    expect(json.profiles).toEqual([
      {
        profile: "old",
        roleArn: "arn:aws:iam::123456789012:role/Old",
        principalArn: "arn:aws:sts::123456789012:assumed-role/Old/u",
        region: null,
        expiration: "2020-01-01T00:00:00.000Z",
        expired: true,
      },
      expect.objectContaining({
        profile: "saml",
        roleArn: ADMIN.roleArn,
        region: "us-east-1",
        expired: false,
      }),
    ]);
    const text = await runCli(["profiles"], sb.env);
    expect(text.stdout).toMatch(/old .*EXPIRED/);
    expect(text.stdout).toMatch(/saml .*us-east-1 .*\(in (59 min|1 h)\)/);
    expect(text.stdout).not.toContain("mine");
  });

  it("says so when there are none", async () => {
    const { sb } = await world();
    const r = await runCli(["profiles"], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No profiles/);
  });
});
