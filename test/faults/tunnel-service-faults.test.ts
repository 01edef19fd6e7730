/**
 * The tunnel service under hostile or failing conditions: the tunnel's listener is loopback only,
 * garbage on the service socket is answered and survived, a session AWS ends or a websocket that
 * drops is handled (ResumeSession with the profile's credentials), and the line decoder takes any
 * bytes (fixed seed; FUZZ_RUNS for longer runs).
 */
import net from "node:net";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { LineDecoder } from "../../native-host/src/tunnel/service/ipc/line-codec";
import { echoThrough } from "../support/echo";
import { allowCaller, HostProcess, TEST_ORIGIN } from "../support/host-process";
import { RDP_ANY_PORT_ARGS, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { until } from "../support/until";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = 20261128;
const worlds: TunnelWorld[] = [];
const hosts: HostProcess[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  for (const w of worlds.splice(0)) await w.close();
});

async function openTunnel(o: Parameters<typeof startTunnelWorld>[0] = {}) {
  const w = await startTunnelWorld(o);
  worlds.push(w);
  const r = await w.cli(RDP_ANY_PORT_ARGS);
  expect(r.code, r.stderr).toBe(0);
  return { w, tunnel: JSON.parse(r.stdout) };
}

const connects = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host, port, timeout: 3_000 });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
    s.once("timeout", () => {
      s.destroy();
      resolve(false);
    });
  });

/** Talks raw to the service socket: write `bytes`, resolve with the first reply line (or "" if it closes first). */
function raw(w: TunnelWorld, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(path.join(w.env.BASTIONLESS_RUNTIME_DIR!, "tunnels.sock"));
    let got = "";
    // The service answers with a line or closes; no clock decides for it.
    const done = () => {
      s.destroy();
      resolve(got.split("\n")[0]!);
    };
    s.on("connect", () => s.write(bytes));
    s.on("data", (d) => {
      got += d;
      if (got.includes("\n")) done();
    });
    s.on("close", done);
    s.on("error", done);
  });
}

describe("the tunnel's listener", () => {
  it("accepts on 127.0.0.1 only: not on the machine's other addresses, not on ::1", async () => {
    const { tunnel } = await openTunnel();
    expect(await connects("127.0.0.1", tunnel.localPort)).toBe(true);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of [...others, "::1"])
      expect(await connects(address, tunnel.localPort), address).toBe(false);
  });
});

describe("the service socket", () => {
  it("answers malformed requests, drops garbage, and keeps serving its tunnels", async () => {
    const { w, tunnel } = await openTunnel();
    expect(await raw(w, Buffer.from('{"id":1,"op":"exec","params":{}}\n'))).toContain('"code":"BAD_REQUEST"');
    expect(
      await raw(w, Buffer.from('{"id":2,"op":"start","params":{"profile":"rdp-test","target":"a;b"}}\n')),
    ).toContain("params.target");
    expect(await raw(w, Buffer.from("not json\n"))).toContain('"code":"LINE_NOT_JSON"');
    expect(await raw(w, Buffer.alloc(2 * 1024 * 1024, 0x61))).toContain('"code":"LINE_TOO_LONG"');
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 3 }), async (value) => {
        const reply = await raw(w, Buffer.from(`${value}\n`));
        expect(reply === "" || reply.includes('"ok":false') || reply.includes('"ok":true')).toBe(true);
      }),
      { seed: SEED, numRuns: Math.min(RUNS, 25) },
    );
    expect(await echoThrough(tunnel.localPort, "still serving")).toBe("still serving");
    expect(JSON.parse((await w.cli(["tunnels", "--json"])).stdout).tunnels).toMatchObject([
      { id: tunnel.id, state: "open" },
    ]);
  });

  it("the line decoder takes any bytes without throwing", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const d = new LineDecoder(256);
        for (const c of chunks)
          for (const line of d.push(Buffer.from(c))) expect(["message", "error"]).toContain(line.kind);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("sessions that AWS ends or interrupts", () => {
  it("a session terminated at AWS leaves the tunnel list with its reason, seen as tunnel.changed", async () => {
    const { w, tunnel } = await openTunnel();
    const host = new HostProcess([TEST_ORIGIN], allowCaller({ ...w.env }));
    hosts.push(host);
    expect((await host.request(1, "tunnel.list")).result.tunnels).toHaveLength(1);
    w.sessions.terminateSession(tunnel.sessionId, "Session terminated by an administrator");
    const ended = await host.next(
      (f) => f?.event === "tunnel.changed" && f.tunnel.id === tunnel.id && f.tunnel.state !== "open",
    );
    expect(ended.tunnel).toMatchObject({
      state: "closed",
      lastError: { message: expect.stringContaining("administrator") },
    });
    expect(JSON.parse((await w.cli(["tunnels", "--json"])).stdout).tunnels).toEqual([]);
    expect(w.ssm.calls.filter((c) => c.action === "TerminateSession")).toHaveLength(0);
  });

  it("a dropped websocket is resumed with ResumeSession signed by the profile, and traffic goes on", async () => {
    const { w, tunnel } = await openTunnel();
    expect(await echoThrough(tunnel.localPort, "before")).toBe("before");
    w.sessions.disconnect(tunnel.sessionId);
    await until("ResumeSession", () => w.ssm.calls.some((c) => c.action === "ResumeSession"));
    expect(w.ssm.calls.find((c) => c.action === "ResumeSession")).toMatchObject({
      body: { SessionId: tunnel.sessionId },
      accessKeyId: "ASIATESTRDP000000001",
    });
    expect(await echoThrough(tunnel.localPort, "after the drop")).toBe("after the drop");
    expect(w.sessions.session(tunnel.sessionId)!.counts.connections).toBeGreaterThanOrEqual(2);
  });
});
