/**
 * `bastionless credential-process` through the real AWS SDK for JavaScript (fromIni runs the
 * credential_process line `assume --credential-process` wrote) against the fake STS, reached only
 * through AWS_ENDPOINT_URL_STS (issue 12): fresh keys each time the cache changes, a renewal asked
 * of a running browser's native host when the keys are near their end, and a clear error when no
 * browser can be asked. The browser's part is played by this test over the real native host.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { credentialCachePath } from "../../native-host/src/config/paths";
import type { StsCall } from "../fakes/sts/index";
import { makeSamlResponse } from "../fixtures/saml";
import { requireExecutable } from "../support/browser";
import { allowCaller, HostProcess, ROOT, TEST_ORIGIN } from "../support/host-process";
import { runCli } from "./assume-run-cli";
import { ADMIN, ini, world } from "./assume-world";

const PROFILE = "work";
const hosts: HostProcess[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

/** The SDK in its own process with the sandbox's environment, as a tool run from a shell would be. */
function sdkCall(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: any; stderr: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, "test/support/sdk-caller-identity.cjs"), PROFILE], {
    env,
    cwd: ROOT,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c));
  child.stderr.on("data", (c: Buffer) => (stderr += c));
  return new Promise((resolve) =>
    child.on("close", (code) => resolve({ code, out: stdout ? JSON.parse(stdout) : null, stderr })),
  );
}

const AWS_CLI = "/usr/bin/aws";

/**
 * `aws sts get-caller-identity` with the sandbox's files. Debian 12's awscli is 2.9, older than
 * the service-specific AWS_ENDPOINT_URL_STS (2.13), so the fake is named with --endpoint-url; the
 * credentials still come only from the profile's credential_process line.
 */
function awsCli(
  env: NodeJS.ProcessEnv,
  endpoint: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    AWS_CLI,
    ["sts", "get-caller-identity", "--profile", PROFILE, "--endpoint-url", endpoint, "--output", "json"],
    { env: { ...env, AWS_PAGER: "", AWS_CLI_AUTO_PROMPT: "off" }, cwd: ROOT },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c));
  child.stderr.on("data", (c: Buffer) => (stderr += c));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

const lastIdentityCall = (calls: StsCall[]) => calls.filter((c) => c.action === "GetCallerIdentity").at(-1);

async function signIn(sb: { env: NodeJS.ProcessEnv }, saml: () => string) {
  const r = await runCli(["assume", "--saml-file", saml(), "-p", PROFILE, "--credential-process"], sb.env);
  expect(r.code, r.stderr).toBe(0);
}

describe("credential_process through the AWS SDK for JavaScript", () => {
  it("writes the credential_process line, and the SDK gets the newest keys each time the cache changes", async () => {
    const { sts, sb, saml } = await world({ lifetimeSeconds: 3600 });
    await signIn(sb, saml);
    const config = ini(sb.configFile);
    expect(config).toMatch(
      new RegExp(
        `^\\[profile work\\]\\ncredential_process = "${process.execPath}" "[^"]+bastionless\\.cjs" credential-process --profile work\\nregion = us-east-1\\n$`,
      ),
    );
    // No keys in the credentials file: the SDK would prefer them to the line.
    expect(fs.existsSync(sb.credentialsFile) ? ini(sb.credentialsFile) : "").not.toContain(
      "aws_access_key_id",
    );
    expect(fs.statSync(credentialCachePath(sb.env)).mode & 0o777).toBe(0o600);

    const first = await sdkCall(sb.env);
    expect(first.code, first.stderr).toBe(0);
    const k1 = sts.calls.find((c) => c.action === "AssumeRoleWithSAML")!.credentials!.accessKeyId;
    expect(first.out).toEqual({
      arn: "arn:aws:sts::111122223333:assumed-role/Admin/test.user@contoso.example",
      account: "111122223333",
      accessKeyId: k1,
    });
    expect(lastIdentityCall(sts.calls)).toMatchObject({ outcome: "ok", accessKeyId: k1 });

    await signIn(sb, saml); // a second sign-in: the profile is ours, rewritten in place
    const k2 = sts.calls.filter((c) => c.action === "AssumeRoleWithSAML").at(-1)!.credentials!.accessKeyId;
    expect(k2).not.toBe(k1);
    const second = await sdkCall(sb.env);
    expect(second.code, second.stderr).toBe(0);
    expect(lastIdentityCall(sts.calls)).toMatchObject({ outcome: "ok", accessKeyId: k2 });
    expect(ini(sb.configFile)).toBe(config);
  });

  it("the AWS CLI (Debian's awscli) runs the same line and signs with the newest keys", async () => {
    requireExecutable(AWS_CLI, "awscli");
    const { sts, sb, saml } = await world({ lifetimeSeconds: 3600 });
    await signIn(sb, saml);
    const keysOf = (n: number) =>
      sts.calls.filter((c) => c.action === "AssumeRoleWithSAML").at(n)!.credentials!.accessKeyId;
    const first = await awsCli(sb.env, sts.url);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      Account: "111122223333",
      Arn: "arn:aws:sts::111122223333:assumed-role/Admin/test.user@contoso.example",
    });
    expect(lastIdentityCall(sts.calls)).toMatchObject({ outcome: "ok", accessKeyId: keysOf(0) });
    await signIn(sb, saml);
    const second = await awsCli(sb.env, sts.url);
    expect(second.code, second.stderr).toBe(0);
    expect(keysOf(-1)).not.toBe(keysOf(0));
    expect(lastIdentityCall(sts.calls)).toMatchObject({ outcome: "ok", accessKeyId: keysOf(-1) });
  });

  it("with no browser to ask, refuses expired keys with RENEWAL_NO_BROWSER and says how to sign in", async () => {
    const { sb, saml } = await world({ lifetimeSeconds: 0 });
    await signIn(sb, saml);
    const r = await runCli(["credential-process", "--profile", PROFILE], sb.env);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/No browser with the bastionless extension/);
    expect(r.stderr).toMatch(/bastionless login/);
    const sdk = await sdkCall(sb.env);
    expect(sdk.code).toBe(1);
    expect(sdk.stderr).toMatch(/No browser with the bastionless extension/);
  });

  it("asks a running browser's native host to renew keys near their end, and hands out the renewed ones", async () => {
    // Five-minute keys: under the ten minutes credential-process renews before.
    const { sts, sb, saml } = await world({ lifetimeSeconds: 300 });
    await signIn(sb, saml);
    const host = new HostProcess([TEST_ORIGIN], allowCaller(sb.env));
    hosts.push(host);
    const launchUrl =
      "https://launcher.myapps.microsoft.com/api/signin/2b0e1c4a-1111-4222-8333-444455556666?tenantId=contoso.onmicrosoft.com";
    const set = await host.request(1, "renewal.sources.set", {
      sources: [{ id: "contoso", name: "Contoso", launchUrl, renew: true }],
    });
    expect(set).toMatchObject({ ok: true, result: { saved: 1 } });

    const sdk = sdkCall(sb.env);
    // The extension's part: the event, a sign-in through the source, the report.
    const asked = await host.next((f) => f?.event === "renewal.requested");
    expect(asked).toMatchObject({ profile: PROFILE, sourceId: null, reason: "expiring" });
    expect(asked.requestId).toMatch(/^[0-9a-f]{32}$/);
    const assumed = await host.request(2, "credentials.assume", {
      samlResponse: makeSamlResponse({ roles: [ADMIN] }).base64,
      profile: PROFILE,
      sourceId: "contoso",
      mode: "credential-process",
    });
    expect(assumed.ok, JSON.stringify(assumed)).toBe(true);
    expect(
      await host.request(3, "renewal.report", { requestId: asked.requestId, outcome: "renewed" }),
    ).toMatchObject({ ok: true });

    const r = await sdk;
    expect(r.code, r.stderr).toBe(0);
    const renewed = sts.calls.filter((c) => c.action === "AssumeRoleWithSAML").at(-1)!
      .credentials!.accessKeyId;
    expect(r.out.accessKeyId).toBe(renewed);
    expect(lastIdentityCall(sts.calls)).toMatchObject({ outcome: "ok", accessKeyId: renewed });
    // The cache now names the source, so the next request can say which one to renew.
    const cache = JSON.parse(fs.readFileSync(credentialCachePath(sb.env), "utf8"));
    expect(cache.profiles[PROFILE]).toMatchObject({ sourceId: "contoso", accessKeyId: renewed });
  });

  it("stops waiting at once when the browser reports that the IdP wants the user", async () => {
    const { sb, saml } = await world({ lifetimeSeconds: 0 });
    await signIn(sb, saml);
    const host = new HostProcess([TEST_ORIGIN], allowCaller(sb.env));
    hosts.push(host);
    const launchUrl =
      "https://launcher.myapps.microsoft.com/api/signin/2b0e1c4a-1111-4222-8333-444455556666?tenantId=contoso.onmicrosoft.com";
    await host.request(1, "renewal.sources.set", {
      sources: [{ id: "contoso", name: "Contoso", launchUrl, renew: true }],
    });
    // No bound of its own: only the report can end this wait before the test runner's.
    const cli = runCli(["credential-process", "--profile", PROFILE, "--timeout", "3600"], sb.env, {
      timeoutMs: null,
    });
    const asked = await host.next((f) => f?.event === "renewal.requested");
    await host.request(2, "renewal.report", {
      requestId: asked.requestId,
      outcome: "interaction-required",
      message: "MFA is required",
    });
    const r = await cli;
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/wants you: MFA is required/);
    expect(r.stderr).toMatch(/bastionless login --profile work/);
  });
});
