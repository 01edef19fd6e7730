/**
 * The tunnel service through the built `bastionless` (node dist/host/bastionless.cjs): tunnels
 * outlive the CLI call that opened them, one service however many callers, TerminateSession on
 * stop, the service leaves when the last tunnel is gone. AWS is the fake SSM + Session Manager.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { echoThrough } from "../support/echo";
import { refused } from "../support/tunnel-rig";
import {
  isRunning,
  killService,
  RDP_ANY_PORT_ARGS,
  RDP_INSTANCE,
  startTunnelWorld,
  type TunnelWorld,
} from "../support/tunnel-world";
import { until } from "../support/until";

const worlds: TunnelWorld[] = [];
const blockers: net.Server[] = [];
async function world(o: Parameters<typeof startTunnelWorld>[0] = {}) {
  const w = await startTunnelWorld(o);
  worlds.push(w);
  return w;
}
afterEach(async () => {
  for (const b of blockers.splice(0)) b.close();
  for (const w of worlds.splice(0)) await w.close();
});

const P = ["--profile", "rdp-test"];

/** The first port from `from` nobody listens on, held open so the tunnel must skip it. */
async function holdFreePort(from: number): Promise<number> {
  for (let p = from; ; p++) {
    const s = net.createServer();
    const ok = await new Promise<boolean>((r) => {
      s.once("error", () => r(false));
      s.listen(p, "127.0.0.1", () => r(true));
    });
    if (ok) {
      blockers.push(s);
      return p;
    }
  }
}

describe("bastionless rdp / tunnels / stop", () => {
  it("opens a tunnel that outlives the CLI process, on 13389 or the next free port", async () => {
    const w = await world();
    const r = await w.cli(["rdp", RDP_INSTANCE, ...P, "--no-launch", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t).toMatchObject({
      target: RDP_INSTANCE,
      instanceName: "rdp-box",
      remotePort: 3389,
      state: "open",
      address: `127.0.0.1:${t.localPort}`,
      rdp: null,
    });
    expect(t.localPort).toBeGreaterThanOrEqual(13389);
    expect(t.localPort).toBeLessThan(13389 + 100);
    // The CLI has exited; the tunnel is held by the service.
    expect(await echoThrough(t.localPort, "through the tunnel")).toBe("through the tunnel");
    const pid = await w.servicePid();
    expect(pid).toBeGreaterThan(0);
    expect(w.ssm.calls.find((c) => c.action === "StartSession")).toMatchObject({
      accessKeyId: "ASIATESTRDP000000001",
      region: "eu-west-1",
    });
  });

  it("refuses an explicit busy port, moves a default one on, and a second tunnel gets its own", async () => {
    const w = await world();
    const busy = await holdFreePort(24000 + Math.floor(Math.random() * 20000));
    // A port the user named is that port or an error (issue 11), and no session is started.
    const refused = await w.cli([
      "rdp",
      RDP_INSTANCE,
      ...P,
      "--local-port",
      String(busy),
      "--no-launch",
      "--json",
    ]);
    expect(refused.code).toBe(4);
    expect(JSON.parse(refused.stdout).error.code).toBe("TUNNEL_LOCAL_PORT_BUSY");
    // forward's default local port is the remote port: taken, it moves on.
    const fwd = (target: string) => ["forward", target, "--remote-port", String(busy), ...P, "--json"];
    const first = JSON.parse((await w.cli(fwd(RDP_INSTANCE))).stdout);
    expect(first.localPort).toBeGreaterThan(busy);
    const second = JSON.parse((await w.cli(fwd("i-0fedcba9876543210"))).stdout);
    expect(second.localPort).toBeGreaterThan(first.localPort);
    expect(await echoThrough(second.localPort, "two")).toBe("two");
    const list = JSON.parse((await w.cli(["tunnels", "--json"])).stdout).tunnels;
    expect(list.map((t: { id: string }) => t.id).sort()).toEqual([first.id, second.id].sort());
  });

  it("stop terminates the SSM session, closes the port, and the service then leaves with its socket", async () => {
    const w = await world();
    const t = JSON.parse((await w.cli(["rdp", RDP_INSTANCE, ...P, "--no-launch", "--json"])).stdout);
    const text = (await w.cli(["tunnels"])).stdout;
    expect(text).toMatch(
      new RegExp(`${t.id}\\s+open\\s+127\\.0\\.0\\.1:${t.localPort}\\s+rdp-box \\(${RDP_INSTANCE}\\)`),
    );
    const pid = await w.servicePid();
    const stop = await w.cli(["stop", t.id]);
    expect(stop).toMatchObject({ code: 0, stdout: `Stopped ${t.id}.\n` });
    expect(w.ssm.calls.filter((c) => c.action === "TerminateSession").map((c) => c.body)).toEqual([
      { SessionId: t.sessionId },
    ]);
    expect(w.sessions.session(t.sessionId)).toMatchObject({ state: "ended" });
    expect(await refused(t.localPort)).toBe(true);
    await until("the idle service to exit", () => !isRunning(pid!));
    expect(fs.existsSync(path.join(w.env.BASTIONLESS_RUNTIME_DIR!, "tunnels.sock"))).toBe(false);
    expect(await w.cli(["tunnels"])).toMatchObject({ code: 0, stdout: "No tunnels.\n" });
  });

  it("stop --all ends every tunnel; an unknown id is a coded error", async () => {
    const w = await world();
    const a = JSON.parse(
      (await w.cli(["forward", RDP_INSTANCE, "--remote-port", "22", ...P, "--json"])).stdout,
    );
    const b = JSON.parse(
      (await w.cli(["forward", RDP_INSTANCE, "--remote-port", "23", ...P, "--json"])).stdout,
    );
    const unknown = await w.cli(["stop", "nosuchid"]);
    // An id that matches no tunnel is a wrong argument: exit 2 (README's exit table, issue 11).
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No tunnel has the id, instance id, Name or local port "nosuchid"');
    const all = JSON.parse((await w.cli(["stop", "--all", "--json"])).stdout);
    expect(all.stopped.sort()).toEqual([a.id, b.id].sort());
    expect(w.ssm.calls.filter((c) => c.action === "TerminateSession")).toHaveLength(2);
  });

  it("two callers starting at once end with one service holding one tunnel they share", async () => {
    const w = await world();
    const [a, b] = await Promise.all([w.cli(RDP_ANY_PORT_ARGS), w.cli(RDP_ANY_PORT_ARGS)]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect((w.serviceLog().match(/"service listening"/g) ?? []).length).toBe(1);
    // The same instance and port at once: the second Connect gets the first's tunnel (issue 11).
    expect(JSON.parse(a.stdout).id).toBe(JSON.parse(b.stdout).id);
    expect(JSON.parse((await w.cli(["tunnels", "--json"])).stdout).tunnels).toHaveLength(1);
    expect(w.ssm.calls.filter((c) => c.action === "StartSession")).toHaveLength(1);
  });

  it("keeps its socket private and replaces one left by a killed service", async () => {
    const w = await world();
    expect((await w.cli(["rdp", RDP_INSTANCE, ...P, "--local-port", "0", "--no-launch"])).code).toBe(0);
    const dir = w.env.BASTIONLESS_RUNTIME_DIR!;
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, "tunnels.sock")).mode & 0o777).toBe(0o600);
    const pid = await w.servicePid();
    process.kill(pid!, "SIGKILL");
    await until("the killed service to stop answering", async () => (await w.servicePid()) === null);
    expect(fs.existsSync(path.join(dir, "tunnels.sock"))).toBe(true);
    const again = await w.cli(RDP_ANY_PORT_ARGS);
    expect(again.code, again.stderr).toBe(0);
    const next = await w.servicePid();
    expect(next).not.toBe(pid);
    expect(await echoThrough(JSON.parse(again.stdout).localPort, "after a crash")).toBe("after a crash");
    await killService(next);
  });

  it("SIGTERM to the service stops its tunnels with TerminateSession", async () => {
    const w = await world();
    const t = JSON.parse((await w.cli(RDP_ANY_PORT_ARGS)).stdout);
    await killService(await w.servicePid());
    expect(w.ssm.calls.filter((c) => c.action === "TerminateSession").map((c) => c.body)).toEqual([
      { SessionId: t.sessionId },
    ]);
  });
});

describe("errors name what to do", () => {
  it.each([
    [["rdp", "i-0fffffffffffffff0", ...P, "--no-launch"], 4, /not a valid target|No SSM-managed instance/],
    [["rdp", "twin", ...P, "--no-launch"], 2, /2 instances are named "twin"[\s\S]*instance id/],
    [["rdp", "nobody", ...P, "--no-launch"], 4, /No SSM-managed instance is named "nobody"/],
    [
      ["rdp", RDP_INSTANCE, "--profile", "missing", "--region", "eu-west-1", "--no-launch"],
      4,
      /Profile "missing" does not exist in [\s\S]*My Apps[\s\S]*assume --saml-file FILE --profile missing/,
    ],
    [["rdp", RDP_INSTANCE, "--no-launch"], 2, /--profile/],
    [["rdp", RDP_INSTANCE, ...P, "--local-port", "99999"], 2, /--local-port must be a whole number/],
    [["rdp", RDP_INSTANCE, ...P, "--region", "../etc"], 2, /not an AWS region/],
    [["forward", RDP_INSTANCE, ...P], 2, /Give either --remote-port N or --to HOST:PORT/],
    [["stop"], 2, /one tunnel \(id, instance id or Name, or local port\), or --all/],
  ])("%j → exit %i", async (args, code, message) => {
    const w = await world();
    const r = await w.cli(args as string[]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});
