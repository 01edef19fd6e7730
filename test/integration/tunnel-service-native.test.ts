/**
 * The native-messaging surface of the tunnels, over the built host's stdin/stdout: tunnel.start,
 * tunnel.list, tunnel.stop, instances.list and the tunnel.changed events, with the tunnel service
 * behind them (started by the host, outliving it).
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TunnelInfo } from "../../contract/tunnel-info";
import { echoThrough } from "../support/echo";
import { freePort } from "../support/free-port";
import { allowCaller, HostProcess, TEST_ORIGIN } from "../support/host-process";
import { makeRecorder } from "../support/rdp-client-recorder";
import { RDP_ANY_PORT_ARGS, RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { until } from "../support/until";

const worlds: TunnelWorld[] = [];
const hosts: HostProcess[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  for (const w of worlds.splice(0)) await w.close();
  for (const c of cleanups.splice(0)) c();
});

async function setup(extraEnv: NodeJS.ProcessEnv = {}) {
  const w = await startTunnelWorld();
  worlds.push(w);
  const host = new HostProcess([TEST_ORIGIN], allowCaller({ ...w.env, ...extraEnv }));
  hosts.push(host);
  return { w, host };
}

type Frame = { event?: string; tunnel: TunnelInfo };
const changed =
  (id: string, pred: (t: TunnelInfo) => boolean = () => true) =>
  (f: Frame) =>
    f?.event === "tunnel.changed" && f.tunnel.id === id && pred(f.tunnel);
/** A free port away from 13389, where other tests' tunnels go; a chosen port must be free (issue 11). */
const START = { profile: "rdp-test", target: RDP_INSTANCE, localPort: 13389, launch: false };

describe("tunnel.* over native messaging", () => {
  it("starts a tunnel and reports starting, open, then traffic as tunnel.changed", async () => {
    const { host } = await setup();
    const reply = await host.request(1, "tunnel.start", START);
    expect(reply, host.stderr).toMatchObject({
      id: 1,
      ok: true,
      result: { target: RDP_INSTANCE, state: "open", remotePort: 3389 },
    });
    const t = reply.result;
    expect(t.localPort).toBeGreaterThanOrEqual(13389);
    await host.next(changed(t.id, (x) => x.state === "starting"));
    await host.next(changed(t.id, (x) => x.state === "open"));
    expect(await echoThrough(t.localPort, "popup bytes")).toBe("popup bytes");
    const counted = await host.next(changed(t.id, (x) => x.bytesIn >= 11 && x.bytesOut >= 11));
    expect(counted.tunnel).toMatchObject({ state: "open", lastError: null, since: expect.any(String) });
    expect((await host.request(2, "tunnel.list")).result.tunnels.map((x: { id: string }) => x.id)).toEqual([
      t.id,
    ]);
  });

  it("a second tunnel.start to the same instance and port returns the open tunnel (issue 11)", async () => {
    const { w, host } = await setup();
    const localPort = await freePort();
    const first = (await host.request(1, "tunnel.start", { ...START, localPort })).result;
    const again = await host.request(2, "tunnel.start", { ...START, localPort });
    expect(again, host.stderr).toMatchObject({
      ok: true,
      result: { id: first.id, localPort, state: "open" },
    });
    expect(w.ssm.calls.filter((c) => c.action === "StartSession")).toHaveLength(1);
  });

  it("a chosen local port that is taken is TUNNEL_LOCAL_PORT_BUSY, not the next one (issue 11)", async () => {
    const { w, host } = await setup();
    const held = net.createServer();
    await new Promise<void>((r) => held.listen(0, "127.0.0.1", r));
    cleanups.push(() => held.close());
    const localPort = (held.address() as net.AddressInfo).port;
    const reply = await host.request(1, "tunnel.start", { ...START, localPort });
    expect(reply).toMatchObject({ ok: false, error: { code: "TUNNEL_LOCAL_PORT_BUSY" } });
    // This test's own process holds it: named by /proc on Linux.
    if (process.platform === "linux") expect(reply.error.message).toContain(`(pid ${process.pid})`);
    expect(w.ssm.calls.filter((c) => c.action === "StartSession")).toHaveLength(0);
  });

  it("tunnel.stop terminates the session and pushes the closed state", async () => {
    const { w, host } = await setup();
    const t = (await host.request(1, "tunnel.start", { ...START, localPort: await freePort() })).result;
    expect(await host.request(2, "tunnel.stop", { id: t.id })).toMatchObject({
      ok: true,
      result: { stopped: [t.id] },
    });
    await host.next(changed(t.id, (x) => x.state === "closed"));
    expect(w.ssm.calls.filter((c) => c.action === "TerminateSession").map((c) => c.body)).toEqual([
      { SessionId: t.sessionId },
    ]);
    expect(await host.request(3, "tunnel.stop", { id: t.id })).toMatchObject({
      ok: false,
      error: { code: "TUNNEL_NOT_FOUND" },
    });
    expect(await host.request(4, "tunnel.stop", { all: true })).toMatchObject({
      ok: true,
      result: { stopped: [] },
    });
  });

  it("exits when the browser closes stdin, even while subscribed; the tunnel lives on", async () => {
    const { w, host } = await setup();
    const t = (await host.request(1, "tunnel.start", { ...START, localPort: await freePort() })).result;
    expect(await host.close()).toBe(0);
    expect(await echoThrough(t.localPort, "after the popup closed")).toBe("after the popup closed");
    expect(JSON.parse((await w.cli(["tunnels", "--json"])).stdout).tunnels).toMatchObject([
      { id: t.id, state: "open" },
    ]);
  });

  it("hears about tunnels the CLI opens and stops once it has listed them", async () => {
    const { w, host } = await setup();
    expect(await host.request(1, "tunnel.list")).toMatchObject({ ok: true, result: { tunnels: [] } });
    const first = JSON.parse((await w.cli(RDP_ANY_PORT_ARGS)).stdout);
    // The service was not running at tunnel.list; the next request finds it and subscribes.
    expect((await host.request(2, "tunnel.list")).result.tunnels).toMatchObject([{ id: first.id }]);
    const second = JSON.parse(
      (await w.cli(["forward", RDP_INSTANCE, "--remote-port", "22", "--profile", "rdp-test", "--json"]))
        .stdout,
    );
    await host.next(changed(second.id, (x) => x.state === "open"));
    expect((await w.cli(["stop", second.id])).code).toBe(0);
    await host.next(changed(second.id, (x) => x.state === "closed"));
  });

  it("refuses smuggled or unknown targets with coded errors", async () => {
    const { host } = await setup();
    expect(await host.request(1, "tunnel.start", { ...START, target: "i-0123; rm -rf ~" })).toMatchObject({
      ok: false,
      error: { code: "BAD_REQUEST" },
    });
    expect(await host.request(2, "tunnel.start", { ...START, target: "nobody" })).toMatchObject({
      ok: false,
      error: { code: "TARGET_NOT_FOUND" },
    });
    expect(
      await host.request(3, "tunnel.start", { ...START, profile: "nope", region: "eu-west-1" }),
    ).toMatchObject({
      ok: false,
      error: { code: "PROFILE_NOT_FOUND", hint: expect.stringContaining("My Apps") },
    });
  });

  it("launches the RDP client on a private .rdp file for RDP tunnels only", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-rdp-rec-"));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const recorder = makeRecorder(dir, ["xfreerdp"]);
    const { host } = await setup({ PATH: recorder.bin });
    const t = (
      await host.request(1, "tunnel.start", {
        profile: "rdp-test",
        target: RDP_INSTANCE,
        localPort: await freePort(),
      })
    ).result;
    expect(t.lastError).toBeNull();
    // The client was started (spawned) before the reply; it writes its record a moment later.
    await until("the client's start record", () => recorder.starts().length > 0);
    const [argv] = recorder.starts();
    expect(argv).toHaveLength(2);
    expect(argv![1]).toBe("/cert:ignore");
    const file = argv![0]!;
    expect(file).toMatch(new RegExp(`bastionless-rdp-[^/]+/${RDP_INSTANCE}\\.rdp$`));
    expect(fs.readFileSync(file, "utf8")).toContain(`full address:s:127.0.0.1:${t.localPort}\r\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await host.request(2, "tunnel.start", {
      profile: "rdp-test",
      target: RDP_INSTANCE,
      remotePort: 22,
      localPort: await freePort(),
    });
    expect(recorder.starts()).toHaveLength(1);
  });

  it("reports a missing RDP client as the tunnel's lastError, keeping the tunnel", async () => {
    const { host } = await setup({ PATH: "/nonexistent" });
    const reply = await host.request(1, "tunnel.start", {
      profile: "rdp-test",
      target: RDP_INSTANCE,
      localPort: await freePort(),
    });
    expect(reply, JSON.stringify(reply)).toMatchObject({
      ok: true,
      result: {
        state: "open",
        lastError: { code: "RDP_CLIENT_NOT_FOUND", message: expect.stringContaining(".rdp") },
      },
    });
    expect(await echoThrough(reply.result.localPort, "still up")).toBe("still up");
  });
});

describe("instances.list over native messaging", () => {
  it("answers the profile's Windows instances with their names", async () => {
    const { host } = await setup();
    const reply = await host.request(1, "instances.list", { profile: "rdp-test" });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    expect(
      reply.result.instances.map((i: { instanceId: string; name: string }) => [i.instanceId, i.name]),
    ).toEqual([
      [RDP_INSTANCE, "rdp-box"],
      ["i-0fedcba9876543210", "twin"],
      ["i-0fedcba9876543211", "twin"],
    ]);
  });
});
