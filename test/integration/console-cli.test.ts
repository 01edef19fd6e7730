/**
 * `bastionless console --print` against the fake AWS (issue 11): the login URL comes from a session
 * the fake STS issued, lands on the profile's region, and the fake's login redirects to it; a
 * profile with long-term keys, an expired one (by its file, and by AWS's answer) and an unknown
 * one are refused with their codes, and nothing secret reaches stderr.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeAws, startFakeAws } from "../fakes/aws";
import { writeProfile } from "../fakes/ssm/profiles";
import { makeSamlResponse, role } from "../fixtures/saml";
import { HOST_BUNDLE } from "../support/host-process";
import { makeSandbox, type Sandbox } from "../support/sandbox";

const run = promisify(execFile);
let aws: FakeAws;
let box: Sandbox;
/** The fake's clock: moved forward explicitly to expire the sessions it issued. */
let clockOffsetMs = 0;

const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [HOST_BUNDLE, ...args], { env: { ...box.env, ...aws.env, ...extra } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

/** GET without following redirects. */
const fetchOnce = (url: string) =>
  new Promise<{ status: number; location?: string }>((resolve, reject) =>
    http
      .get(url, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      })
      .on("error", reject),
  );

beforeAll(async () => {
  aws = await startFakeAws({ instances: [], sts: { clock: () => new Date(Date.now() + clockOffsetMs) } });
  box = makeSandbox();
  const saml = path.join(box.dir, "saml.b64");
  fs.writeFileSync(saml, makeSamlResponse({ roles: [role("123456789012", "Admin")] }).base64);
  const r = await cli([
    "assume",
    "--saml-file",
    saml,
    "--profile",
    "work",
    "--region",
    "eu-west-1",
    "--json",
  ]);
  expect(r.code, r.stderr).toBe(0);
  fs.rmSync(saml);
});

afterAll(async () => {
  await aws?.close();
  box?.cleanup();
});

const errorOf = (r: { stdout: string }) => JSON.parse(r.stdout).error as { code: string };

describe("bastionless console", () => {
  it("prints a login URL for the profile's region that the federation endpoint signs in with", async () => {
    const r = await cli(["console", "--profile", "work", "--print", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { url: string; region: string };
    expect(out.region).toBe("eu-west-1");
    const url = new URL(out.url);
    expect(url.origin + url.pathname).toBe(`${aws.url}/federation`);
    expect(url.searchParams.get("Action")).toBe("login");
    expect(url.searchParams.get("Issuer")).toBe("bastionless");
    const dest = "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1";
    expect(url.searchParams.get("Destination")).toBe(dest);
    const issued = aws.stsCalls.find((c) => c.credentials)!.credentials!;
    const tokenCall = aws.signin.calls.find((c) => c.action === "getSigninToken")!;
    expect(tokenCall).toMatchObject({
      outcome: "ok",
      accessKeyId: issued.accessKeyId,
      sessionDuration: false,
    });
    expect(await fetchOnce(out.url)).toEqual({ status: 302, location: dest });
    expect(r.stderr).not.toContain(url.searchParams.get("SigninToken"));
  });

  it("--region picks another region's console", async () => {
    const r = await cli(["console", "-p", "work", "-r", "us-west-2", "--print"]);
    expect(r.code, r.stderr).toBe(0);
    expect(new URL(r.stdout.trim()).searchParams.get("Destination")).toBe(
      "https://us-west-2.console.aws.amazon.com/console/home?region=us-west-2",
    );
  });

  it("refuses without --print, and a federation endpoint on plain http beyond loopback", async () => {
    expect(errorOf(await cli(["console", "-p", "work", "--json"])).code).toBe("CONSOLE_PRINT_REQUIRED");
    const far = await cli(["console", "-p", "work", "--print", "--json"], {
      BASTIONLESS_ENDPOINT_URL_FEDERATION: "http://signin.example.com/federation",
    });
    expect(far.code).toBe(2);
    expect(errorOf(far).code).toBe("FEDERATION_ENDPOINT_INVALID");
  });

  it("refuses long-term IAM user keys before calling AWS", async () => {
    const before = aws.signin.calls.length;
    writeProfile(box, {
      profile: "iam-user",
      region: "eu-west-1",
      accessKeyId: "AKIATESTIAMUSER00001",
      secretAccessKey: "long/term/secret/of/an/iam/user/0000000",
    });
    const r = await cli(["console", "-p", "iam-user", "--print", "--json"]);
    expect(r.code).toBe(4);
    expect(errorOf(r).code).toBe("CONSOLE_NEEDS_SESSION");
    expect(aws.signin.calls.length).toBe(before);
    expect(r.stdout + r.stderr).not.toContain("long/term/secret");
  });

  it("refuses an unknown profile", async () => {
    const r = await cli(["console", "-p", "nobody", "--print", "--json"]);
    expect(r.code).toBe(4);
    expect(errorOf(r).code).toBe("PROFILE_NOT_FOUND");
  });

  it("refuses a session its file says expired, without calling AWS", async () => {
    const file = box.credentialsFile;
    const original = fs.readFileSync(file, "utf8");
    const before = aws.signin.calls.length;
    try {
      fs.writeFileSync(
        file,
        original.replace(/x_security_token_expires = .*/, "x_security_token_expires = 2020-01-01T00:00:00Z"),
      );
      const r = await cli(["console", "-p", "work", "--print", "--json"]);
      expect(r.code).toBe(4);
      expect(errorOf(r).code).toBe("CREDENTIALS_EXPIRED");
      expect(aws.signin.calls.length).toBe(before);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it("refuses a session AWS says expired (the file does not know)", async () => {
    clockOffsetMs = 2 * 3600 * 1000;
    try {
      const r = await cli(["console", "-p", "work", "--print", "--json"]);
      expect(r.code).toBe(4);
      expect(errorOf(r).code).toBe("CONSOLE_REFUSED");
      expect(aws.signin.calls.at(-1)).toMatchObject({ action: "getSigninToken", outcome: "expired session" });
    } finally {
      clockOffsetMs = 0;
    }
  });
});
