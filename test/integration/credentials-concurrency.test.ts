/**
 * Fifty `bastionless assume` processes at once on one credentials file that holds other
 * profiles and comments: every profile lands, nothing else changes, the file stays valid INI.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSts, startFakeSts } from "../fakes/sts/index";
import { makeSamlResponse, role } from "../fixtures/saml";
import { makeSandbox, type Sandbox } from "../support/sandbox";
import { runCli } from "./assume-run-cli";
import { checkCredentialsFile, ORIGINAL_CREDENTIALS } from "./credentials-check";

const WRITERS = 50;
let sts: FakeSts;
let sb: Sandbox;

beforeAll(async () => {
  sts = await startFakeSts();
  sb = makeSandbox({ AWS_ENDPOINT_URL_STS: sts.url });
});
afterAll(async () => {
  await sts?.close();
  sb?.cleanup();
});

describe("concurrent writers", () => {
  it(`${WRITERS} assume processes on one file lose nothing`, async () => {
    fs.mkdirSync(path.dirname(sb.credentialsFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(sb.credentialsFile, ORIGINAL_CREDENTIALS, { mode: 0o600 });
    const samlFile = path.join(sb.dir, "saml.txt");
    fs.writeFileSync(
      samlFile,
      makeSamlResponse({
        roles: [role("111122223333", "Admin")],
        notOnOrAfter: new Date(Date.now() + 3_600_000),
      }).base64,
    );
    const names = Array.from({ length: WRITERS }, (_, i) => `writer-${i}`);
    const runs = await Promise.all(
      names.map((n) =>
        runCli(["assume", "--saml-file", samlFile, "--profile", n], sb.env, { timeoutMs: 120_000 }),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const issued = new Set(sts.calls.map((c) => c.credentials?.accessKeyId));
    checkCredentialsFile(fs.readFileSync(sb.credentialsFile, "utf8"), names, issued);
    const config = fs.readFileSync(sb.configFile, "utf8");
    for (const n of names) expect(config).toContain(`[profile ${n}]\nregion = us-east-1\n`);
    expect(fs.readdirSync(path.dirname(sb.credentialsFile)).sort()).toEqual(["config", "credentials"]);
    expect(fs.statSync(sb.credentialsFile).mode & 0o777).toBe(0o600);
  });
});
