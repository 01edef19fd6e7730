/**
 * `bastionless password` through the built CLI against the fake EC2 (GetPasswordData encrypted to
 * a key pair this test makes, as EC2 does). Proves: decryption with PEM and OpenSSH keys, TARGET by
 * Name, the coded errors (wrong key, not ready, unknown instance, key file problems, no AWS call
 * for a bad key file), and that the password is in no log line even with --debug.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { EC2_PASSWORD, makeKeyPair } from "../support/windows-password";

const NOT_READY = "i-0aaaaaaaaaaaaaaa1";
const UNKNOWN = "i-0bbbbbbbbbbbbbbb2";

let w: TunnelWorld;
let dir: string;
const keyPath = (name: string) => path.join(dir, name);

beforeAll(async () => {
  const pair = makeKeyPair();
  w = await startTunnelWorld({
    instances: [
      {
        instanceId: RDP_INSTANCE,
        name: "win-box",
        windowsPassword: {
          password: EC2_PASSWORD,
          publicKeyPem: pair.publicKeyPem,
        },
        passwordTimestamp: new Date("2026-02-03T04:05:06Z"),
      },
      { instanceId: NOT_READY, name: "fresh-box" },
    ],
  });
  dir = fs.mkdtempSync(path.join(w.sandbox.dir, "keys-"));
  const write = (name: string, text: string) => fs.writeFileSync(keyPath(name), text, { mode: 0o600 });
  pair.writePem(dir, "good.pem");
  pair.writePem(dir, "openssh");
  // ssh-keygen -p rewrites a key in OpenSSH's own format (the default since OpenSSH 7.8).
  const conv = spawnSync("ssh-keygen", ["-p", "-q", "-P", "", "-N", "", "-f", keyPath("openssh")]);
  expect(conv.status, String(conv.stderr)).toBe(0);
  const other = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  write("other.pem", other.export({ type: "pkcs8", format: "pem" }).toString());
  const ed = crypto.generateKeyPairSync("ed25519").privateKey;
  write("ed.pem", ed.export({ type: "pkcs8", format: "pem" }).toString());
  pair.writePem(dir, "shared.pem");
  fs.chmodSync(keyPath("shared.pem"), 0o644);
});
afterAll(async () => w?.close());

const password = (target: string, key: string, ...more: string[]) =>
  w.cli(["password", target, "--key-file", keyPath(key), "--profile", "rdp-test", ...more]);
const errorCode = (stdout: string) => JSON.parse(stdout).error.code;
const passwordCalls = () => w.ssm.calls.filter((c) => c.action === "GetPasswordData");

describe("bastionless password", () => {
  it("decrypts the instance's password with its key pair (--print), TARGET by Name", async () => {
    const r = await password("win-box", "good.pem", "--print");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${EC2_PASSWORD}\n`);
    expect(passwordCalls().at(-1)).toMatchObject({
      body: { InstanceId: RDP_INSTANCE },
      hadSessionToken: true,
    });
  });

  it("takes an unencrypted OpenSSH key and answers JSON with the instance and the time EC2 made it", async () => {
    const r = await password(RDP_INSTANCE, "openssh", "--print", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      instanceId: RDP_INSTANCE,
      password: EC2_PASSWORD,
      username: "Administrator",
      generatedAt: "2026-02-03T04:05:06.000Z",
    });
  });

  it("warns about a key file others can read, and still works", async () => {
    const r = await password(RDP_INSTANCE, "shared.pem", "--print");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/can be read by other users \(mode 644\); `chmod 600/);
  });

  it("says the key is the wrong one (exit 4), and never prints what it decrypted", async () => {
    const r = await password(RDP_INSTANCE, "other.pem", "--print", "--json", "--debug");
    expect(r.code).toBe(4);
    expect(errorCode(r.stdout)).toBe("PASSWORD_KEY_MISMATCH");
  });

  it("says the password is not ready while EC2's PasswordData is empty", async () => {
    const r = await password("fresh-box", "good.pem", "--print", "--json");
    expect(r.code).toBe(4);
    expect(errorCode(r.stdout)).toBe("PASSWORD_NOT_READY");
    expect(JSON.parse(r.stdout).error.hint).toMatch(/15 minutes/);
  });

  it("says EC2 has no such instance", async () => {
    const r = await password(UNKNOWN, "good.pem", "--print", "--json");
    expect(r.code).toBe(4);
    expect(errorCode(r.stdout)).toBe("TARGET_NOT_FOUND");
  });

  it("refuses key files that cannot decrypt before any AWS call", async () => {
    const before = w.ssm.calls.length;
    const missing = await password(RDP_INSTANCE, "nope.pem", "--print", "--json");
    expect([missing.code, errorCode(missing.stdout)]).toEqual([5, "KEY_FILE_NOT_FOUND"]);
    const ed = await password(RDP_INSTANCE, "ed.pem", "--print", "--json");
    expect([ed.code, errorCode(ed.stdout)]).toEqual([5, "KEY_FILE_NOT_RSA"]);
    fs.writeFileSync(
      keyPath("junk.pem"),
      "-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----\n",
    );
    const junk = await password(RDP_INSTANCE, "junk.pem", "--print", "--json");
    expect([junk.code, errorCode(junk.stdout)]).toEqual([5, "KEY_FILE_INVALID"]);
    // OpenSSH's own format: an ED25519 key and a passphrase-protected RSA key, made by ssh-keygen.
    for (const [name, args] of [
      ["ssh-ed25519", ["-t", "ed25519", "-N", ""]],
      ["ssh-rsa-locked", ["-t", "rsa", "-b", "2048", "-N", "a passphrase"]],
    ] as const) {
      const made = spawnSync("ssh-keygen", ["-q", ...args, "-f", keyPath(name)]);
      expect(made.status, String(made.stderr)).toBe(0);
    }
    const sshEd = await password(RDP_INSTANCE, "ssh-ed25519", "--print", "--json");
    expect([sshEd.code, errorCode(sshEd.stdout)]).toEqual([5, "KEY_FILE_NOT_RSA"]);
    const locked = await password(RDP_INSTANCE, "ssh-rsa-locked", "--print", "--json");
    expect([locked.code, errorCode(locked.stdout)]).toEqual([5, "KEY_FILE_ENCRYPTED"]);
    expect(w.ssm.calls.length).toBe(before);
  });

  it("never logs the password, even with --debug", async () => {
    const r = await password(RDP_INSTANCE, "good.pem", "--print", "--debug");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("password data received");
    expect(r.stderr).not.toContain(EC2_PASSWORD);
  });
});
