/**
 * `bastionless doctor` through the built CLI: install cleanly, break one link on purpose, and
 * check that doctor names that link, fails (or warns) and gives the command that fixes it.
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeSandbox, type Sandbox } from "../support/sandbox";
import { cliJson } from "./install-support";

const MANIFEST = "com.bastionless.host.json";
const boxes: Sandbox[] = [];
const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
  for (const b of boxes.splice(0)) b.cleanup();
});

/** A sandbox with bastionless installed for Chromium and Firefox, system paths kept inside it. */
function installed(): {
  box: Sandbox;
  env: NodeJS.ProcessEnv;
  chromium: string;
  firefox: string;
  host: string;
} {
  const box = makeSandbox();
  boxes.push(box);
  const env = { ...box.env, BASTIONLESS_SYSTEM_ROOT: path.join(box.dir, "sysroot") };
  const out = cliJson(["install", "--browser", "chromium", "--browser", "firefox"], env);
  return {
    box,
    env,
    chromium: path.join(box.home, ".config/chromium/NativeMessagingHosts", MANIFEST),
    firefox: path.join(box.home, ".mozilla/native-messaging-hosts", MANIFEST),
    host: out.host.path,
  };
}

function doctor(
  env: NodeJS.ProcessEnv,
  offline = true,
): { ok: boolean; exitStatus: number; byId: Record<string, any> } {
  const out = cliJson(["doctor", ...(offline ? ["--offline"] : [])], env);
  return { ...out, byId: Object.fromEntries(out.checks.map((c: any) => [c.id, c])) };
}

describe("bastionless doctor", () => {
  it("passes a clean installation, exit 0", () => {
    const { env } = installed();
    const d = doctor(env);
    expect(d.exitStatus).toBe(0);
    expect(d.ok).toBe(true);
    for (const id of [
      "install.record",
      "install.host",
      "browser.chromium",
      "browser.firefox",
      "aws.credentials-file",
      "aws.config-file",
      "profiles",
      "tunnel.service",
      "ssm.plugin",
      "clock.skew",
    ]) {
      expect(d.byId[id]?.status, id).toBe("ok");
    }
  });

  it("checks that bastionless runs by name: ok through its link, the line to add without one, fail when the link is repointed", () => {
    const bare = installed();
    const fixLine = `echo 'export PATH="${path.dirname(bare.host)}:$PATH"' >> ~/.profile`;
    expect(doctor(bare.env).byId["install.path"]).toMatchObject({ status: "warn", fix: fixLine });

    const box = makeSandbox();
    boxes.push(box);
    const localBin = path.join(box.home, ".local/bin");
    const env = { ...box.env, PATH: `${localBin}:${box.env.PATH}` };
    const host = cliJson(["install", "--browser", "chromium"], env).host.path;
    const d = doctor(env);
    expect(d.byId["install.path"]).toMatchObject({ status: "ok" });
    expect(d.byId["install.path"].detail).toContain(`${localBin}/bastionless → ${host}`);
    fs.rmSync(path.join(localBin, "bastionless"));
    fs.symlinkSync("/usr/bin/true", path.join(localBin, "bastionless"));
    expect(doctor(env).byId["install.path"]).toMatchObject({ status: "fail", fix: "bastionless install" });
  });

  it("names a deleted manifest and the install command that restores it", () => {
    const { env, chromium } = installed();
    fs.rmSync(chromium);
    const d = doctor(env);
    expect(d.exitStatus).toBe(1);
    expect(d.byId["browser.chromium"]).toMatchObject({
      status: "fail",
      fix: "bastionless install --browser chromium",
    });
    expect(d.byId["browser.chromium"].detail).toContain(chromium);
    expect(d.byId["browser.firefox"].status).toBe("ok");
  });

  it("names a manifest that is not JSON, names another host, or points at a missing program", () => {
    const { env, chromium, firefox } = installed();
    const good = JSON.parse(fs.readFileSync(firefox, "utf8"));
    fs.writeFileSync(chromium, "{ not json");
    fs.writeFileSync(firefox, JSON.stringify({ ...good, path: "/nonexistent/bastionless" }));
    let d = doctor(env);
    expect(d.byId["browser.chromium"].detail).toContain("not valid JSON");
    expect(d.byId["browser.firefox"]).toMatchObject({
      status: "fail",
      fix: "bastionless install --browser firefox",
    });
    expect(d.byId["browser.firefox"].detail).toContain("/nonexistent/bastionless");
    fs.writeFileSync(firefox, JSON.stringify({ ...good, path: "bin/bastionless" }));
    fs.writeFileSync(chromium, JSON.stringify({ ...good, name: "com.other.host" }));
    d = doctor(env);
    expect(d.byId["browser.firefox"].detail).toContain("not absolute");
    expect(d.byId["browser.chromium"].detail).toContain("com.other.host");
  });

  it("names a host that is not executable, or a launcher whose bundle is gone", () => {
    const { env, host } = installed();
    fs.chmodSync(host, 0o644);
    expect(doctor(env).byId["browser.chromium"].detail).toContain("not executable");
    fs.chmodSync(host, 0o755);
    fs.rmSync(path.join(path.dirname(host), "bastionless.cjs"));
    const d = doctor(env);
    expect(d.byId["browser.chromium"].detail).toContain("bastionless.cjs, which does not exist");
    expect(d.byId["install.host"]).toMatchObject({ status: "fail", fix: "bastionless install" });
  });

  it("names a lazy chunk of the installed bundle that has gone missing", () => {
    const { env, host } = installed();
    const chunks = path.join(path.dirname(host), "chunks");
    const [gone] = fs.readdirSync(chunks);
    fs.rmSync(path.join(chunks, gone!));
    const d = doctor(env);
    expect(d.byId["install.host"]).toMatchObject({ status: "fail", fix: "bastionless install" });
    expect(d.byId["install.host"].detail).toContain(path.join(chunks, gone!));
  });

  it("names an extension id the manifest or the host does not allow", () => {
    const { env, chromium, box } = installed();
    const m = JSON.parse(fs.readFileSync(chromium, "utf8"));
    fs.writeFileSync(
      chromium,
      JSON.stringify({ ...m, allowed_origins: ["chrome-extension://abcdefghijklmnopabcdefghijklmnop/"] }),
    );
    let d = doctor(env);
    expect(d.byId["browser.chromium"].detail).toContain(
      "does not allow the bastionless extension chrome-extension://kokbnelligicogechcoofickipeemloj/",
    );
    fs.writeFileSync(chromium, JSON.stringify(m));
    const recordFile = path.join(box.env.BASTIONLESS_CONFIG_DIR!, "install.json");
    const record = JSON.parse(fs.readFileSync(recordFile, "utf8"));
    fs.writeFileSync(recordFile, JSON.stringify({ ...record, allowedExtensions: [] }));
    d = doctor(env);
    expect(d.byId["browser.firefox"].detail).toContain("would refuse");
    expect(d.byId["browser.chromium"].status).toBe("ok");
  });

  it("names a damaged install record and a browser in use but not registered", () => {
    const box = makeSandbox();
    boxes.push(box);
    fs.mkdirSync(path.join(box.home, ".config/google-chrome"), { recursive: true });
    fs.mkdirSync(box.env.BASTIONLESS_CONFIG_DIR!, { recursive: true });
    fs.writeFileSync(path.join(box.env.BASTIONLESS_CONFIG_DIR!, "install.json"), "[");
    const d = doctor({ ...box.env, BASTIONLESS_SYSTEM_ROOT: path.join(box.dir, "sysroot") });
    expect(d.byId["install.record"].status).toBe("fail");
    expect(d.byId["install.record"].fix).toContain("bastionless install");
    expect(d.byId["browser.chrome"]).toMatchObject({
      status: "warn",
      fix: "bastionless install --browser chrome",
    });
  });

  it("names credentials readable by others, a line the AWS CLI cannot parse, and an expired profile", () => {
    const { env, box } = installed();
    fs.mkdirSync(path.dirname(box.credentialsFile), { recursive: true });
    const expired = [
      "[old]",
      "aws_access_key_id = ASIAEXAMPLE",
      "aws_secret_access_key = x",
      "aws_session_token = y",
      "x_security_token_expires = 2020-01-01T00:00:00Z",
      "x_principal_arn = arn:aws:sts::123456789012:assumed-role/Admin/user",
      "",
    ].join("\n");
    fs.writeFileSync(box.credentialsFile, expired, { mode: 0o644 });
    fs.chmodSync(box.credentialsFile, 0o644);
    // bastionless's record of the profile (aws/files/profile-record.ts): only then is `old` its own.
    fs.writeFileSync(
      path.join(env.BASTIONLESS_CONFIG_DIR!, "profiles.json"),
      JSON.stringify({
        version: 1,
        profiles: [
          {
            credentialsFile: box.credentialsFile,
            profile: "old",
            accountId: "123456789012",
            roleArn: "arn:aws:iam::123456789012:role/Admin",
            principalArn: "arn:aws:iam::123456789012:saml-provider/Entra",
            assumedRoleArn: "arn:aws:sts::123456789012:assumed-role/Admin/user",
            accessKeyIds: ["ASIAEXAMPLE"],
            writtenAt: "2020-01-01T00:00:00Z",
          },
        ],
      }),
      { mode: 0o600 },
    );
    let d = doctor(env);
    expect(d.byId["aws.credentials-file"]).toMatchObject({
      status: "fail",
      fix: `chmod 600 '${box.credentialsFile}'`,
    });
    expect(d.byId["profile.old"]).toMatchObject({ status: "warn" });
    expect(d.byId["profile.old"].detail).toContain("arn:aws:iam::123456789012:role/Admin");
    expect(d.byId["profile.old"].fix).toContain("--profile old");
    fs.chmodSync(box.credentialsFile, 0o600);
    fs.writeFileSync(box.configFile, "[profile old]\nregion = eu-west-1\nthis line is junk\n");
    d = doctor(env);
    expect(d.byId["aws.credentials-file"].status).toBe("ok");
    expect(d.byId["aws.config-file"]).toMatchObject({ status: "fail" });
    expect(d.byId["aws.config-file"].detail).toContain("line 3");
  });

  it("sees a running tunnel service on its socket", async () => {
    const { env, box } = installed();
    const dir = box.env.BASTIONLESS_RUNTIME_DIR!;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(path.join(dir, "tunnels.sock"), r));
    closers.push(() => server.close());
    const d = cliJsonAsync(["doctor", "--offline"], env);
    expect((await d).checks.find((c: any) => c.id === "tunnel.service")).toMatchObject({
      status: "ok",
      detail: expect.stringContaining("running at"),
    });
  });

  it("warns when no RDP client is on PATH and says how to get one", () => {
    const { env } = installed();
    const d = doctor({ ...env, PATH: path.join(env.HOME!, "empty-bin") });
    expect(d.byId["rdp.client"].status).toBe("warn");
    expect(d.byId["rdp.client"].fix).toMatch(/remmina|freerdp/);
    expect(d.exitStatus).toBe(0);
  });

  it("measures clock skew from the STS endpoint's Date header, and skips it offline", async () => {
    const { env } = installed();
    let offsetMs = 0;
    const server = http.createServer((_req, res) => {
      res.setHeader("Date", new Date(Date.now() + offsetMs).toUTCString());
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => server.close());
    const sts = {
      ...env,
      AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`,
    };
    expect(
      (await cliJsonAsync(["doctor"], sts)).checks.find((c: any) => c.id === "clock.skew"),
    ).toMatchObject({ status: "ok", detail: expect.stringContaining("in step") });
    offsetMs = -10 * 60_000;
    const skewed = await cliJsonAsync(["doctor"], sts);
    expect(skewed.exitStatus).toBe(1);
    const skew = skewed.checks.find((c: any) => c.id === "clock.skew");
    expect(skew.status).toBe("fail");
    // The Date header has one-second resolution, so 10 minutes reads as 599–601 s.
    const seconds = Number(/(\d+) s ahead of/.exec(skew.detail)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(598);
    expect(seconds).toBeLessThanOrEqual(602);
    const closed = await cliJsonAsync(["doctor"], { ...env, AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9/" });
    expect(closed.checks.find((c: any) => c.id === "clock.skew")).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("skipped (offline"),
    });
  });
});

/** The CLI run asynchronously (so a server in this process can answer it). */
async function cliJsonAsync(args: string[], env: NodeJS.ProcessEnv): Promise<any> {
  const { spawn } = await import("node:child_process");
  const { HOST_BUNDLE } = await import("../support/host-process");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOST_BUNDLE, ...args, "--json"], { env });
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      try {
        resolve({ ...JSON.parse(out), exitStatus: code });
      } catch (err) {
        reject(err);
      }
    });
  });
}
