/**
 * `bastionless forward`: any port of an instance, through the same service; the fake agent dials
 * the destination the instance has for that port.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const worlds: TunnelWorld[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) s.close();
  for (const w of worlds.splice(0)) await w.close();
});

/** A server that greets each connection with `banner` (like a database or SSH server would). */
async function bannerServer(banner: string): Promise<number> {
  const s = net.createServer((c) => c.end(banner));
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return (s.address() as net.AddressInfo).port;
}

const readBanner = (port: number) =>
  new Promise<string>((resolve, reject) => {
    let got = "";
    const s = net.connect(port, "127.0.0.1");
    s.on("data", (d) => (got += d));
    s.on("end", () => resolve(got));
    s.on("error", reject);
  });

describe("bastionless forward", () => {
  it("forwards a local port to the asked port of the instance", async () => {
    const pg = await bannerServer("postgres here");
    const ssh = await bannerServer("SSH-2.0-OpenSSH_9.2");
    const w = await startTunnelWorld({
      instances: [
        {
          instanceId: RDP_INSTANCE,
          name: "db",
          ports: { 5432: { host: "127.0.0.1", port: pg }, 22: { host: "127.0.0.1", port: ssh } },
        },
      ],
    });
    worlds.push(w);
    const db = await w.cli([
      "forward",
      "db",
      "--remote-port",
      "5432",
      "--local-port",
      "0",
      "--profile",
      "rdp-test",
      "--json",
    ]);
    expect(db.code, db.stderr).toBe(0);
    const dbTunnel = JSON.parse(db.stdout);
    expect(dbTunnel).toMatchObject({
      target: RDP_INSTANCE,
      instanceName: "db",
      remotePort: 5432,
      state: "open",
    });
    expect(await readBanner(dbTunnel.localPort)).toBe("postgres here");
    const text = await w.cli(["forward", RDP_INSTANCE, "--remote-port", "22", "--profile", "rdp-test"]);
    const m =
      /^Tunnel (\w+) open: 127\.0\.0\.1:(\d+) → db \(i-0123456789abcdef0\) port 22\nStop it with: bastionless stop \1\n$/.exec(
        text.stdout,
      );
    expect(m, text.stdout + text.stderr).not.toBeNull();
    expect(await readBanner(Number(m![2]))).toBe("SSH-2.0-OpenSSH_9.2");
    const starts = w.ssm.calls
      .filter((c) => c.action === "StartSession")
      .map((c) => (c.body as { Parameters: unknown }).Parameters);
    expect(starts).toEqual([{ portNumber: ["5432"] }, { portNumber: ["22"] }]);
  });

  it("keeps an unprivileged remote port locally when it is free", async () => {
    const w = await startTunnelWorld();
    worlds.push(w);
    const probe = net.createServer();
    const free = await new Promise<number>((r) =>
      probe.listen(0, "127.0.0.1", () => r((probe.address() as net.AddressInfo).port)),
    );
    await new Promise((r) => probe.close(r));
    const t = JSON.parse(
      (
        await w.cli([
          "forward",
          RDP_INSTANCE,
          "--remote-port",
          String(free),
          "--profile",
          "rdp-test",
          "--json",
        ])
      ).stdout,
    );
    expect(t.localPort).toBeGreaterThanOrEqual(free);
    expect(t.localPort).toBeLessThan(free + 100);
  });

  it("refuses --engine plugin when session-manager-plugin is not installed, before any session", async () => {
    const w = await startTunnelWorld();
    worlds.push(w);
    const r = await w.cli(
      ["forward", RDP_INSTANCE, "--remote-port", "22", "--profile", "rdp-test", "--engine", "plugin"],
      { PATH: "/nonexistent" },
    );
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/session-manager-plugin is not on PATH[\s\S]*leave out --engine plugin/);
    expect(w.ssm.calls.filter((c) => c.action === "StartSession")).toEqual([]);
  });

  it("refuses a Name it cannot look up as a usage error, before any service starts (issue 17)", async () => {
    const w = await startTunnelWorld({ instances: [{ instanceId: RDP_INSTANCE, name: "team/web-1" }] });
    worlds.push(w);
    for (const args of [
      ["forward", "team/web-1", "--profile", "rdp-test", "--remote-port", "22"],
      ["rdp", "team/web-1", "--profile", "rdp-test", "--no-launch"],
    ]) {
      const r = await w.cli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        /"team\/web-1" is neither an instance id nor an instance name[\s\S]*instance id/,
      );
    }
    expect(await w.servicePid()).toBeNull();
  });
});
