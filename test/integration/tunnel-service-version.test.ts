/**
 * A newer bastionless meeting an older tunnel service already running (issue 16): an idle one is
 * asked to leave and replaced, so the tunnel opens in a service of this version; one that holds
 * tunnels is left alone and the caller gets SERVICE_VERSION_MISMATCH, never a tunnel opened
 * with settings the old service would ignore.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ServiceConnection } from "../../native-host/src/tunnel/service/client/service-client";
import { IPC_VERSION } from "../../native-host/src/tunnel/service/ipc/ipc-messages";
import { echoThrough } from "../support/echo";
import { type OlderService, startOlderService } from "../support/older-service";
import { RDP_ANY_PORT_ARGS, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const worlds: TunnelWorld[] = [];
const olders: OlderService[] = [];
afterEach(async () => {
  for (const o of olders.splice(0)) o.kill();
  for (const w of worlds.splice(0)) await w.close();
});

async function withOlderService(tunnels: number) {
  const w = await startTunnelWorld();
  worlds.push(w);
  const older = await startOlderService(w.env.BASTIONLESS_RUNTIME_DIR!, tunnels);
  olders.push(older);
  return { w, older };
}

async function helloOf(w: TunnelWorld) {
  const conn = await ServiceConnection.connect(`${w.env.BASTIONLESS_RUNTIME_DIR}/tunnels.sock`);
  try {
    return await conn.request("hello", {});
  } finally {
    conn.close();
  }
}

describe("a newer caller and an older running service", () => {
  it("an idle older service is asked to leave and the tunnel opens in a current one", async () => {
    const { w, older } = await withOlderService(0);
    const r = await w.cli(RDP_ANY_PORT_ARGS);
    expect(r.code, r.stderr).toBe(0);
    // The older service exited (SIGTERM: its handler exits with 0) before any start reached it.
    expect(await older.exited).toBe(0);
    expect(older.ops).not.toContain("start");
    const hello = await helloOf(w);
    expect(hello).toMatchObject({ ipc: IPC_VERSION });
    expect(hello.pid).not.toBe(older.pid);
    expect(await echoThrough(JSON.parse(r.stdout).localPort, "current")).toBe("current");
  });

  it("an older service holding tunnels is left running and the caller gets a coded error", async () => {
    const { w, older } = await withOlderService(1);
    const r = await w.cli(RDP_ANY_PORT_ARGS);
    expect(r.code).toBe(4);
    // RDP_ANY_PORT_ARGS pass --json: the error is the one object on stdout (issue 11).
    const e = JSON.parse(r.stdout).error as { message: string; hint?: string };
    expect(e.message).toMatch(/running tunnel service is bastionless 0\.0\.9.*holds 1 tunnel/);
    expect(`${e.message} ${e.hint}`).toContain("bastionless stop --all");
    // Asked who it is and what it holds, never sent a start it would misread.
    expect(older.ops).toContain("list");
    expect(older.ops).not.toContain("start");
    expect(await helloOf(w)).toMatchObject({ pid: older.pid, ipc: 1 });
    expect(w.ssm.calls.filter((c) => c.action === "StartSession")).toHaveLength(0);
  });
});
