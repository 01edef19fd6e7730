/**
 * The fake SSM told which keys STS issued checks them as AWS does (issue 12: a tunnel that
 * outlives its keys must resume with renewed ones, so the fake must refuse the old ones): a key
 * it never issued, a session token that is not the key's, and an expired key are each refused,
 * and the product names the refusal with its stable code.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { listInstances } from "../../native-host/src/aws/ssm/ssm-instances";
import { silentLogger } from "../../native-host/src/config/log";
import { type FakeSsm, type IssuedCredentials, startFakeSsm } from "../fakes/ssm/index";
import { TEST_PROFILE, writeProfile } from "../fakes/ssm/profiles";
import { makeSandbox, type Sandbox } from "../support/sandbox";

let sandbox: Sandbox;
let fake: FakeSsm;
let issued: IssuedCredentials[] = [];
const saved = { ...process.env };
const scope = { profile: TEST_PROFILE.profile };
const keys = (o: Partial<IssuedCredentials>): IssuedCredentials => ({
  accessKeyId: TEST_PROFILE.accessKeyId,
  secretAccessKey: TEST_PROFILE.secretAccessKey,
  sessionToken: TEST_PROFILE.sessionToken!,
  expiration: new Date(Date.now() + 3_600_000).toISOString(),
  ...o,
});
const list = () => listInstances(scope, { platform: "Windows", log: silentLogger });

beforeAll(async () => {
  sandbox = makeSandbox();
  writeProfile(sandbox);
  fake = await startFakeSsm({
    instances: [{ instanceId: "i-0123456789abcdef0", name: "win" }],
    issued: () => issued,
  });
  for (const k of Object.keys(process.env)) if (/^AWS_/.test(k)) delete process.env[k];
  Object.assign(process.env, sandbox.env, fake.env);
});
afterAll(async () => {
  await fake.close();
  sandbox.cleanup();
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, saved);
});

it("answers keys STS issued while they live", async () => {
  issued = [keys({})];
  expect((await list()).instances).toHaveLength(1);
});

it("refuses an expired key with ExpiredTokenException (CREDENTIALS_EXPIRED)", async () => {
  issued = [keys({ expiration: new Date(Date.now() - 1000).toISOString() })];
  await expect(list()).rejects.toMatchObject({ code: "CREDENTIALS_EXPIRED" });
  expect(fake.calls.at(-1)).toMatchObject({ accessKeyId: TEST_PROFILE.accessKeyId });
});

it("refuses a key it never issued and a session token that is not the key's (CREDENTIALS_INVALID)", async () => {
  issued = [keys({ accessKeyId: "ASIAOTHERKEY00000001" })];
  await expect(list()).rejects.toMatchObject({ code: "CREDENTIALS_INVALID" });
  issued = [keys({ sessionToken: "another-token" })];
  await expect(list()).rejects.toMatchObject({ code: "CREDENTIALS_INVALID" });
});
