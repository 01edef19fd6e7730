/**
 * The product's SSM/EC2 calls against the fake AWS over real HTTP, with credentials from a
 * sandbox profile and signatures verified by the fake.
 */
import fs from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listInstances } from "../../native-host/src/aws/ssm/ssm-instances";
import { resumeSession, startSession, terminateSession } from "../../native-host/src/aws/ssm/ssm-session";
import { silentLogger } from "../../native-host/src/config/log";
import { type FakeInstance, type FakeSsm, type FakeSsmOptions, startFakeSsm } from "../fakes/ssm/index";
import { secretsOf, TEST_PROFILE, writeProfile } from "../fakes/ssm/profiles";
import { makeSandbox, type Sandbox } from "../support/sandbox";

const windows = (n: number): FakeInstance[] =>
  Array.from({ length: n }, (_, k) => ({
    instanceId: `i-${(0x10000000 + k).toString(16).padStart(17, "0")}`,
    name: `win-${String(k).padStart(3, "0")}`,
  }));

let sandbox: Sandbox;
let fake: FakeSsm;
const opts: FakeSsmOptions = { instances: [], secrets: secretsOf(TEST_PROFILE) };
const saved = { ...process.env };
const scope = { profile: TEST_PROFILE.profile };

beforeAll(async () => {
  sandbox = makeSandbox();
  writeProfile(sandbox);
  fake = await startFakeSsm(opts);
  for (const k of Object.keys(process.env)) if (/^AWS_/.test(k)) delete process.env[k];
  Object.assign(process.env, sandbox.env, fake.env);
});
afterAll(async () => {
  await fake.close();
  sandbox.cleanup();
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, saved);
});
beforeEach(() => {
  fake.calls.length = 0;
  opts.ec2 = "ok";
  opts.inject = [];
  opts.instances = [
    ...windows(3),
    { instanceId: "i-0aaaaaaaaaaaaaaaa", name: "linux-box", platformType: "Linux" },
    { instanceId: "mi-0123456789abcdef0", ssmName: "onprem-rdp", pingStatus: "ConnectionLost" },
  ];
});

describe("DescribeInstanceInformation", () => {
  it("lists Windows instances with names, signed with the profile's key and region", async () => {
    const { region, instances } = await listInstances(scope, { platform: "Windows", log: silentLogger });
    expect(region).toBe("eu-west-1");
    expect(instances.map((i) => [i.instanceId, i.name, i.pingStatus])).toEqual([
      ["mi-0123456789abcdef0", "onprem-rdp", "ConnectionLost"],
      ["i-00000000010000000", "win-000", "Online"],
      ["i-00000000010000001", "win-001", "Online"],
      ["i-00000000010000002", "win-002", "Online"],
    ]);
    expect(instances[1]).toMatchObject({
      platformType: "Windows",
      agentVersion: "3.3.987.0",
      computerName: expect.any(String),
    });
    const ssmCall = fake.calls.find((c) => c.action === "DescribeInstanceInformation")!;
    expect(ssmCall).toMatchObject({
      accessKeyId: TEST_PROFILE.accessKeyId,
      region: "eu-west-1",
      hadSessionToken: true,
    });
    expect(ssmCall.body.Filters).toEqual([{ Key: "PlatformTypes", Values: ["Windows"] }]);
  });

  it("follows NextToken across pages", async () => {
    opts.instances = windows(120);
    const { instances } = await listInstances(scope, { platform: "Windows", log: silentLogger });
    expect(instances).toHaveLength(120);
    expect(fake.calls.filter((c) => c.action === "DescribeInstanceInformation")).toHaveLength(3);
  });

  it("lists without names when EC2 refuses or never answers", async () => {
    opts.ec2 = "denied";
    const denied = await listInstances(scope, { platform: "Windows", log: silentLogger });
    expect(denied.instances.filter((i) => i.instanceId.startsWith("i-")).every((i) => i.name === null)).toBe(
      true,
    );
    opts.ec2 = "hang";
    const hung = await listInstances({ ...scope, region: "us-east-2" }, { log: silentLogger });
    expect(hung.region).toBe("us-east-2");
    expect(hung.instances).toHaveLength(5);
  });

  it("maps AWS errors to coded errors with hints", async () => {
    opts.inject = [
      { action: "DescribeInstanceInformation", type: "AccessDeniedException", message: "not allowed" },
    ];
    await expect(listInstances(scope, { log: silentLogger })).rejects.toMatchObject({
      code: "ACCESS_DENIED",
      hint: expect.stringContaining("--profile"),
    });
    opts.inject = [
      { action: "DescribeInstanceInformation", type: "ExpiredTokenException", message: "expired" },
    ];
    await expect(listInstances(scope, { log: silentLogger })).rejects.toMatchObject({
      code: "CREDENTIALS_EXPIRED",
    });
  });

  it("refuses a profile that does not exist or whose key AWS does not know", async () => {
    await expect(listInstances({ profile: "nope" }, { log: silentLogger })).rejects.toMatchObject({
      code: "PROFILE_NOT_FOUND",
      hint: expect.stringContaining("--saml-file"),
    });
    await expect(
      listInstances({ profile: "nope", region: "eu-west-1" }, { log: silentLogger }),
    ).rejects.toMatchObject({ code: "PROFILE_NOT_FOUND" });
    fs.appendFileSync(
      sandbox.credentialsFile,
      "[stranger]\naws_access_key_id = AKIASTRANGER0000000\naws_secret_access_key = x\n",
    );
    await expect(
      listInstances({ profile: "stranger", region: "eu-west-1" }, { log: silentLogger }),
    ).rejects.toMatchObject({ code: "CREDENTIALS_INVALID" });
  });

  it("says which setting is missing when no region is known", async () => {
    fs.appendFileSync(
      sandbox.credentialsFile,
      `[noregion]\naws_access_key_id = ${TEST_PROFILE.accessKeyId}\naws_secret_access_key = ${TEST_PROFILE.secretAccessKey}\n`,
    );
    await expect(listInstances({ profile: "noregion" }, { log: silentLogger })).rejects.toMatchObject({
      code: "REGION_MISSING",
      hint: expect.stringContaining("--region"),
    });
  });
});

describe("StartSession / ResumeSession / TerminateSession", () => {
  it("starts a port-forwarding session and ends it", async () => {
    const target = opts.instances[0]!.instanceId;
    const { region, tokens } = await startSession(scope, { target, remotePort: 3389 });
    expect(region).toBe("eu-west-1");
    expect(tokens.streamUrl).toMatch(/^ws:\/\/.*\/v1\/data-channel\//);
    const start = fake.calls.find((c) => c.action === "StartSession")!;
    expect(start.body).toEqual({
      Target: target,
      DocumentName: "AWS-StartPortForwardingSession",
      Parameters: { portNumber: ["3389"] },
    });
    const resumed = await resumeSession(scope, tokens);
    expect(resumed).toMatchObject({ sessionId: tokens.sessionId, tokenValue: expect.any(String) });
    await terminateSession(scope, tokens.sessionId);
    expect(fake.calls.filter((c) => c.action === "TerminateSession").map((c) => c.body)).toEqual([
      { SessionId: tokens.sessionId },
    ]);
    expect(await resumeSession(scope, tokens)).toBeNull();
  });

  it("refuses offline and unknown targets with coded errors", async () => {
    await expect(
      startSession(scope, { target: "mi-0123456789abcdef0", remotePort: 3389 }),
    ).rejects.toMatchObject({ code: "TARGET_NOT_CONNECTED" });
    await expect(
      startSession(scope, { target: "i-0fffffffffffffff0", remotePort: 3389 }),
    ).rejects.toMatchObject({ code: "TARGET_NOT_FOUND" });
  });

  it("picks up credentials rewritten by a new sign-in without restarting", async () => {
    const target = opts.instances[0]!.instanceId;
    const { tokens } = await startSession(scope, { target, remotePort: 3389 });
    const rotated = {
      ...TEST_PROFILE,
      accessKeyId: "ASIATESTRDP000000002",
      secretAccessKey: "rotated-secret",
    };
    opts.secrets = secretsOf(TEST_PROFILE, rotated);
    const text = fs.readFileSync(sandbox.credentialsFile, "utf8");
    fs.writeFileSync(
      sandbox.credentialsFile,
      text
        .replace(TEST_PROFILE.accessKeyId, rotated.accessKeyId)
        .replace(TEST_PROFILE.secretAccessKey, rotated.secretAccessKey),
    );
    try {
      await terminateSession(scope, tokens.sessionId);
      expect(fake.calls.at(-1)).toMatchObject({
        action: "TerminateSession",
        accessKeyId: rotated.accessKeyId,
      });
    } finally {
      fs.writeFileSync(sandbox.credentialsFile, text);
      opts.secrets = secretsOf(TEST_PROFILE);
    }
  });
});
