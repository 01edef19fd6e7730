/**
 * A read-only credentials file or folder: `assume` exits 5 with FILE_READ_ONLY, says what to do,
 * and the original is left exactly as it was.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeSts } from "../fakes/sts/index";
import { makeSamlResponse, role } from "../fixtures/saml";
import { makeSandbox } from "../support/sandbox";
import { runCli } from "./assume-run-cli";
import { unprivileged } from "./credentials-unprivileged";

const ORIGINAL = "# mine\n[default]\naws_access_key_id = AKIAKEEP\n";
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const sts = await startFakeSts();
  const sb = makeSandbox({ AWS_ENDPOINT_URL_STS: sts.url });
  cleanups.push(
    () => sts.close(),
    () => sb.cleanup(),
  );
  const awsDir = path.dirname(sb.credentialsFile);
  fs.mkdirSync(awsDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(sb.credentialsFile, ORIGINAL, { mode: 0o600 });
  const samlFile = path.join(sb.dir, "saml.txt");
  fs.writeFileSync(samlFile, makeSamlResponse({ roles: [role("111122223333", "Admin")] }).base64);
  fs.chmodSync(sb.dir, 0o755);
  return { sb, awsDir, samlFile, as: unprivileged(sb.dir) };
}

describe("read-only credentials", () => {
  it("a read-only file: exit 5, FILE_READ_ONLY, original intact", async () => {
    const { sb, samlFile, as } = await setup();
    fs.chmodSync(sb.credentialsFile, 0o400);
    const r = await runCli(["assume", "--saml-file", samlFile], sb.env, as);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/Cannot write the AWS credentials file .* read-only/);
    expect(r.stderr).toMatch(/chmod u\+w.*AWS_SHARED_CREDENTIALS_FILE/);
    expect(fs.readFileSync(sb.credentialsFile, "utf8")).toBe(ORIGINAL);
    expect(fs.statSync(sb.credentialsFile).mode & 0o777).toBe(0o400);
  });

  it("a read-only folder: exit 5, FILE_READ_ONLY, original intact, nothing left behind", async () => {
    const { sb, awsDir, samlFile, as } = await setup();
    fs.chmodSync(awsDir, 0o500);
    cleanups.push(() => fs.chmodSync(awsDir, 0o700));
    const r = await runCli(["assume", "--saml-file", samlFile], sb.env, as);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/read-only/);
    expect(fs.readFileSync(sb.credentialsFile, "utf8")).toBe(ORIGINAL);
    expect(fs.readdirSync(awsDir)).toEqual(["credentials"]);
  });
});
