/**
 * The Windows password from EC2 into a real NLA login (issue 13): the fake EC2 holds a password
 * encrypted to a key pair this test makes; FreeRDP's shadow server accepts that password for
 * Administrator; `bastionless rdp TARGET --key-file F` opens the tunnel, decrypts the password and
 * starts xfreerdp with `/from-stdin:force`. A wrapper in front of the real xfreerdp adds
 * `+auth-only` (so the client exits 0 exactly when NLA accepted the password, and the launch
 * waits for that exit) and snapshots every process's argv and the .rdp file as the client starts.
 * The password must be in neither. A second instance whose EC2 password is not the server's
 * proves the login really checks what went over stdin.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingRdpTools, type RdpTarget, startRdpTarget } from "../support/rdp-target";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { EC2_PASSWORD, makeKeyPair } from "../support/windows-password";

const OTHER = "i-0cccccccccccccccc";
const missing = missingRdpTools();
let rdp: RdpTarget | null = null;
let world: TunnelWorld | null = null;
let keyFile = "";
let snap = "";
let bin = "";

/** Every process's argv (Linux proc(5)), NULs as spaces. */
function allArgv(): string {
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map((d) => {
      try {
        return fs.readFileSync(`/proc/${d}/cmdline`, "latin1").replace(/\0/g, " ");
      } catch {
        return "";
      }
    })
    .join("\n");
}

describe("RDP login with the EC2 password over FreeRDP's stdin (NLA)", () => {
  beforeAll(async () => {
    if (missing.length) return;
    rdp = await startRdpTarget({ user: "Administrator", password: EC2_PASSWORD });
    const pair = makeKeyPair();
    const destination = { host: "127.0.0.1", port: rdp.port };
    world = await startTunnelWorld({
      destination,
      instances: [
        {
          instanceId: RDP_INSTANCE,
          name: "win-box",
          destination,
          windowsPassword: { password: EC2_PASSWORD, publicKeyPem: pair.publicKeyPem },
        },
        {
          instanceId: OTHER,
          name: "stale-box",
          destination,
          windowsPassword: { password: "Not-The-Server's-1", publicKeyPem: pair.publicKeyPem },
        },
      ],
    });
    keyFile = pair.writePem(world.sandbox.dir);
    snap = fs.mkdtempSync(path.join(rdp.dir, "snap-"));
    bin = fs.mkdtempSync(path.join(rdp.dir, "bin-"));
    const real = process.env
      .PATH!.split(":")
      .map((d) => path.join(d, "xfreerdp"))
      .find((f) => fs.existsSync(f))!;
    fs.writeFileSync(
      path.join(bin, "xfreerdp"),
      `#!/bin/sh\nfor f in /proc/[0-9]*/cmdline; do tr '\\000' ' ' < "$f" 2>/dev/null; echo; done > '${snap}/argv'\ncp "$1" '${snap}/rdp-file'\nexec '${real}' "$@" +auth-only\n`,
      { mode: 0o700 },
    );
  });

  afterAll(async () => {
    await world?.close();
    rdp?.close();
  });

  const rdpCli = (target: string) =>
    world!.cli(
      ["rdp", target, "--profile", "rdp-test", "--local-port", "0", "--key-file", keyFile, "--json"],
      {
        PATH: `${bin}:${process.env.PATH}`,
        DISPLAY: rdp!.display,
        // The client's exit decides: +auth-only ends it once NLA has answered.
        BASTIONLESS_RDP_EARLY_EXIT_MS: "600000",
      },
    );

  it("has FreeRDP and Xvfb installed (scripts/install-system-deps.sh)", () => {
    expect(missing, `missing: ${missing.join(", ")}; run scripts/install-system-deps.sh`).toEqual([]);
  });

  it("logs in as Administrator with the decrypted password, which is in no argv and not in the .rdp file", async () => {
    expect(missing).toEqual([]);
    let seen = "";
    let running = true;
    const watch = (async () => {
      while (running) {
        seen += allArgv();
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const r = await rdpCli("win-box");
    running = false;
    await watch;
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.launchError, r.stderr).toBeNull();
    expect(out.rdp).toMatchObject({ client: "xfreerdp", passwordPassed: true });
    const argv = fs.readFileSync(path.join(snap, "argv"), "utf8");
    expect(argv).toContain("/from-stdin:force");
    expect(argv + seen).not.toContain(EC2_PASSWORD);
    const file = fs.readFileSync(path.join(snap, "rdp-file"), "utf8");
    expect(file).toContain("username:s:Administrator");
    expect(file).not.toContain(EC2_PASSWORD);
    expect(r.stdout + r.stderr).not.toContain(EC2_PASSWORD);
    expect((await world!.cli(["stop", out.id])).code).toBe(0);
  });

  it("fails the login when EC2's password is not the server's: the stdin password is what NLA checked", async () => {
    expect(missing).toEqual([]);
    const r = await rdpCli("stale-box");
    const out = JSON.parse(r.stdout);
    expect(out.launchError).toMatchObject({ code: "RDP_CLIENT_EXITED" });
    expect((await world!.cli(["stop", out.id])).code).toBe(0);
  });
});
