/**
 * Launching the RDP client: a private .rdp file, the first client of the OS's table found on
 * PATH, started with an argument array. Clients are recorders on a PATH of their own (the real
 * FreeRDP runs in test/e2e).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findExecutable } from "../../native-host/src/platform/find-executable";
import { launchRdp } from "../../native-host/src/rdp/launch-rdp";
import { makeRecorder } from "../support/rdp-client-recorder";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const dirs: string[] = [];
const worlds: TunnelWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "bl-rdp-launch-"));
  dirs.push(d);
  return d;
}

async function started(rec: ReturnType<typeof makeRecorder>, n = 1): Promise<string[][]> {
  // No deadline of its own: the test runner's timeout is the one bound.
  while (rec.starts().length < n) await new Promise((r) => setTimeout(r, 25));
  return rec.starts();
}

describe("launchRdp", () => {
  it("prefers remmina on Linux and hands it the private file", async () => {
    const d = tmp();
    const rec = makeRecorder(d, ["remmina", "xfreerdp", "xdg-open"]);
    const out = await launchRdp(
      { host: "127.0.0.1", port: 13391, username: "CORP\\jane", instanceId: RDP_INSTANCE },
      { env: { PATH: rec.bin }, platform: "linux", tmpDir: d },
    );
    expect(out.client).toBe("remmina");
    expect(await started(rec)).toEqual([["-c", out.file]]);
    expect(fs.statSync(path.dirname(out.file)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(out.file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(out.file, "utf8");
    expect(text).toContain("full address:s:127.0.0.1:13391\r\n");
    expect(text).toContain("username:s:CORP\\jane\r\n");
  });

  it("falls back along the table and says where the file is when no client exists", async () => {
    const d = tmp();
    const rec = makeRecorder(d, ["xdg-open"]);
    expect(
      (
        await launchRdp(
          { host: "127.0.0.1", port: 13389, instanceId: RDP_INSTANCE },
          { env: { PATH: rec.bin }, platform: "linux", tmpDir: d },
        )
      ).client,
    ).toBe("xdg-open");
    expect(await started(rec)).toHaveLength(1);
    const none = launchRdp(
      { host: "127.0.0.1", port: 13389, instanceId: RDP_INSTANCE },
      { env: { PATH: path.join(d, "empty") }, platform: "linux", tmpDir: d },
    );
    await expect(none).rejects.toMatchObject({
      code: "RDP_CLIENT_NOT_FOUND",
      hint: expect.stringMatching(/Open .*\.rdp .*127\.0\.0\.1:13389/),
    });
  });

  it("uses mstsc's UTF-16 file where the platform is Windows", async () => {
    const d = tmp();
    const rec = makeRecorder(d, ["mstsc.EXE"]);
    const out = await launchRdp(
      { host: "127.0.0.1", port: 13389, instanceId: RDP_INSTANCE },
      { env: { PATH: rec.bin, PATHEXT: "" }, platform: "win32", tmpDir: d },
    );
    expect(out.client).toBe("mstsc");
    expect(await started(rec)).toEqual([[out.file]]);
    expect([...fs.readFileSync(out.file).subarray(0, 2)]).toEqual([0xff, 0xfe]);
  });
});

describe("findExecutable", () => {
  it("finds executables only, and never a name with a path in it", () => {
    const d = tmp();
    fs.writeFileSync(path.join(d, "plain"), "x", { mode: 0o644 });
    fs.writeFileSync(path.join(d, "tool"), "#!/bin/sh\n", { mode: 0o755 });
    const env = { PATH: `relative/dir:${d}` };
    expect(findExecutable("tool", env, "linux")).toBe(path.join(d, "tool"));
    expect(findExecutable("plain", env, "linux")).toBeNull();
    expect(findExecutable(`../${path.basename(d)}/tool`, env, "linux")).toBeNull();
    expect(findExecutable("/bin/sh", env, "linux")).toBeNull();
  });
});

describe("bastionless rdp launching the client", () => {
  it("opens the client on the tunnel and reports it", async () => {
    const w = await startTunnelWorld();
    worlds.push(w);
    const rec = makeRecorder(w.sandbox.dir, ["xfreerdp"]);
    const r = await w.cli(
      ["rdp", "rdp-box", "--profile", "rdp-test", "--local-port", "0", "--username", "rdptest"],
      { PATH: rec.bin },
    );
    expect(r.code, r.stderr).toBe(0);
    const m = /127\.0\.0\.1:(\d+)[\s\S]*Opened xfreerdp on (\S+\.rdp)/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(await started(rec)).toEqual([[m![2], "/cert:ignore"]]);
    expect(fs.readFileSync(m![2]!, "utf8")).toContain(
      `full address:s:127.0.0.1:${m![1]}\r\nprompt for credentials:i:1\r\npromptcredentialonce:i:1\r\nusername:s:rdptest\r\n`,
    );
  });

  it("shares the clipboard only with --clipboard (issue 17)", async () => {
    const w = await startTunnelWorld();
    worlds.push(w);
    const rec = makeRecorder(w.sandbox.dir, ["xfreerdp"]);
    const files: string[] = [];
    for (const extra of [[], ["--clipboard"]]) {
      const r = await w.cli(["rdp", "rdp-box", "--profile", "rdp-test", "--local-port", "0", ...extra], {
        PATH: rec.bin,
      });
      expect(r.code, r.stderr).toBe(0);
      files.push(/Opened xfreerdp on (\S+\.rdp)/.exec(r.stdout)![1]!);
    }
    expect(fs.readFileSync(files[0]!, "utf8")).toContain("\r\nredirectclipboard:i:0\r\n");
    expect(fs.readFileSync(files[1]!, "utf8")).toContain("\r\nredirectclipboard:i:1\r\n");
  });

  it("keeps the tunnel and warns when no client is installed", async () => {
    const w = await startTunnelWorld();
    worlds.push(w);
    const r = await w.cli(["rdp", RDP_INSTANCE, "--profile", "rdp-test", "--local-port", "0", "--json"], {
      PATH: "/nonexistent",
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      state: "open",
      rdp: null,
      launchError: { code: "RDP_CLIENT_NOT_FOUND" },
    });
    expect(r.stderr).toMatch(/No RDP client found on PATH/);
  });

  it("refuses a user name that would add a line to the file, before any AWS call", async () => {
    const w = await startTunnelWorld();
    worlds.push(w);
    const r = await w.cli([
      "rdp",
      RDP_INSTANCE,
      "--profile",
      "rdp-test",
      "--username",
      "jane\nfull address:s:evil.example:3389",
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Refusing to write an .rdp file[\s\S]*--username/);
    expect(w.ssm.calls).toEqual([]);
  });
});
