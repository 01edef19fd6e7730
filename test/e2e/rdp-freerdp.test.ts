/**
 * Real RDP through the tunnel (shared/testing/toolchain.md §5): FreeRDP's shadow server with NLA
 * behind the fake Session Manager agent, `bastionless rdp --no-launch` through the built host,
 * then `xfreerdp +auth-only` under Xvfb against the tunnel's port. NLA checks the password for
 * real: the right one succeeds, a wrong one fails. Missing FreeRDP/Xvfb is a failure, not a skip.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRdpFile } from "../../native-host/src/rdp/launch-rdp";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../fakes/ssm/world";

const USER = "rdptest";
const PASSWORD = "Rdp-Test-Pass1";
const TOOLS = ["Xvfb", "freerdp-shadow-cli", "winpr-hash", "xfreerdp"];
const missing = TOOLS.filter((t) => spawnSync("sh", ["-c", 'command -v "$1"', "sh", t]).status !== 0);

const children: ChildProcess[] = [];
let dir = "";
let display = "";
let world: TunnelWorld | null = null;

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (c) => (out += c));
    child.stderr!.on("data", (c) => (out += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** Xvfb picks a free display itself and writes its number to fd 3 (Xvfb(1) -displayfd). */
function startXvfb(): Promise<string> {
  const x = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp"], {
    stdio: ["ignore", "ignore", "ignore", "pipe"],
  });
  children.push(x);
  return new Promise((resolve, reject) => {
    x.stdio[3]!.once("data", (d: Buffer) => resolve(`:${d.toString().trim()}`));
    x.once("exit", (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
}

async function freePort(): Promise<number> {
  const s = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => s.once("listening", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the RDP server exited (${child.exitCode})`);
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        r(true);
      });
      s.once("error", () => r(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error("the RDP server did not listen");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const clientEnv = () => ({ PATH: process.env.PATH, HOME: path.join(dir, "client-home"), DISPLAY: display });
const authOnly = (target: string[], password: string) =>
  run("xfreerdp", [...target, `/u:${USER}`, `/p:${password}`, "/cert:ignore", "+auth-only"], clientEnv());

describe("RDP end to end through the tunnel (FreeRDP, NLA)", () => {
  beforeAll(async () => {
    if (missing.length) return;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-rdp-e2e-"));
    fs.mkdirSync(path.join(dir, "client-home"));
    display = await startXvfb();
    const sam = path.join(dir, "sam");
    const hash = await run("winpr-hash", ["-u", USER, "-p", PASSWORD, "-f", "sam"], {
      PATH: process.env.PATH,
    });
    fs.writeFileSync(sam, `${hash.out.trim()}\n`);
    const port = await freePort();
    const shadow = spawn(
      "freerdp-shadow-cli",
      ["/bind-address:127.0.0.1", `/port:${port}`, "/sec:nla", `/sam-file:${sam}`, "+auth"],
      {
        env: { PATH: process.env.PATH, HOME: dir, DISPLAY: display },
        stdio: "ignore",
      },
    );
    children.push(shadow);
    await waitForPort(port, shadow);
    world = await startTunnelWorld({ destination: { host: "127.0.0.1", port } });
  });

  afterAll(async () => {
    await world?.close();
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("has FreeRDP and Xvfb installed (scripts/install-system-deps.sh)", () => {
    expect(missing, `missing: ${missing.join(", ")}; run scripts/install-system-deps.sh`).toEqual([]);
  });

  it("authenticates with the right password and refuses a wrong one, through bastionless rdp", async () => {
    expect(missing).toEqual([]);
    const r = await world!.cli(["rdp", RDP_INSTANCE, "--profile", "rdp-test", "--no-launch", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const tunnel = JSON.parse(r.stdout);
    expect(tunnel.localPort).toBeGreaterThanOrEqual(13389);
    const v = `/v:127.0.0.1:${tunnel.localPort}`;
    const good = await authOnly([v], PASSWORD);
    expect(good.code, good.out).toBe(0);
    const bad = await authOnly([v], "wrong-password");
    expect(bad.code).not.toBe(0);
    const list = JSON.parse((await world!.cli(["tunnels", "--json"])).stdout).tunnels;
    expect(list).toMatchObject([{ id: tunnel.id, state: "open" }]);
    expect((await world!.cli(["stop", tunnel.id])).code).toBe(0);
    expect(world!.ssm.calls.filter((c) => c.action === "TerminateSession").map((c) => c.body)).toEqual([
      { SessionId: tunnel.sessionId },
    ]);
  });

  it("the generated .rdp file connects xfreerdp through the tunnel", async () => {
    expect(missing).toEqual([]);
    const r = await world!.cli([
      "rdp",
      RDP_INSTANCE,
      "--profile",
      "rdp-test",
      "--local-port",
      "0",
      "--no-launch",
      "--json",
    ]);
    const tunnel = JSON.parse(r.stdout);
    const file = writeRdpFile(
      { host: "127.0.0.1", port: tunnel.localPort, username: USER, instanceId: tunnel.target },
      { env: {}, platform: "linux", tmpDir: dir },
    );
    const good = await run("xfreerdp", [file, `/p:${PASSWORD}`, "/cert:ignore", "+auth-only"], clientEnv());
    expect(good.code, good.out).toBe(0);
    expect((await world!.cli(["stop", tunnel.id])).code).toBe(0);
  });
});
