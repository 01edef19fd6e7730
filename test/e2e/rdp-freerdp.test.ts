/**
 * Real RDP through the tunnel (docs/testing/toolchain.md §5): FreeRDP's shadow server with NLA
 * behind the fake Session Manager agent, `bastionless rdp --no-launch` through the built host,
 * then `xfreerdp +auth-only` under Xvfb against the tunnel's port. NLA checks the password for
 * real: the right one succeeds, a wrong one fails. Missing FreeRDP/Xvfb is a failure, not a skip.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRdpFile } from "../../native-host/src/rdp/launch-rdp";
import {
  missingRdpTools,
  RDP_PASSWORD,
  RDP_USER,
  type RdpTarget,
  startRdpTarget,
} from "../support/rdp-target";
import { RDP_ANY_PORT_ARGS, RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const missing = missingRdpTools();
let rdp: RdpTarget | null = null;
let world: TunnelWorld | null = null;

describe("RDP end to end through the tunnel (FreeRDP, NLA)", () => {
  beforeAll(async () => {
    if (missing.length) return;
    rdp = await startRdpTarget();
    world = await startTunnelWorld({ destination: { host: "127.0.0.1", port: rdp.port } });
  });

  afterAll(async () => {
    await world?.close();
    rdp?.close();
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
    const good = await rdp!.authOnly(tunnel.localPort);
    expect(good.code, good.out).toBe(0);
    const bad = await rdp!.authOnly(tunnel.localPort, "wrong-password");
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
    const r = await world!.cli(RDP_ANY_PORT_ARGS);
    const tunnel = JSON.parse(r.stdout);
    const file = writeRdpFile(
      { host: "127.0.0.1", port: tunnel.localPort, username: RDP_USER, instanceId: tunnel.target },
      { env: {}, platform: "linux", tmpDir: rdp!.dir },
    );
    const good = await rdp!.xfreerdp([file, `/p:${RDP_PASSWORD}`, "/cert:ignore", "+auth-only"]);
    expect(good.code, good.out).toBe(0);
    expect((await world!.cli(["stop", tunnel.id])).code).toBe(0);
  });
});
