/**
 * Stopping really stops (issue 16): after `stop` of the last tunnel, or SIGTERM, the service
 * closes the websocket actively even when the peer never answers the close (a relay frozen in
 * front of the fake Session Manager: no byte either way, no FIN), and then exits. The service is
 * started here as this test's own child, so its exit is awaited as an event.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { echoThrough } from "../support/echo";
import { HOST_BUNDLE } from "../support/host-process";
import { type Relay, startRelay } from "../support/tcp-relay";
import {
  RDP_ANY_PORT_ARGS,
  readServicePid,
  startTunnelWorld,
  type TunnelWorld,
} from "../support/tunnel-world";
import { until } from "../support/until";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function frozenPeerWorld(): Promise<{
  w: TunnelWorld;
  relay: Relay;
  service: ChildProcess;
  exited: Promise<number | null>;
}> {
  let relay: Relay | null = null;
  const w = await startTunnelWorld({
    streamUrl: (u) => u.replace(/^ws:\/\/127\.0\.0\.1:\d+/, `ws://127.0.0.1:${relay!.port}`),
  });
  cleanups.push(() => w.close());
  relay = await startRelay(Number(new URL(w.sessions.url).port));
  cleanups.push(() => relay!.close());
  const service = spawn(process.execPath, [HOST_BUNDLE, "tunnel-service"], { env: w.env, stdio: "ignore" });
  const exited = new Promise<number | null>((r) => service.once("exit", (code) => r(code)));
  cleanups.push(() => void service.kill("SIGKILL"));
  await until("the service to listen", async () => (await readServicePid(w.env)) === service.pid);
  return { w, relay, service, exited };
}

async function openThroughRelay(w: TunnelWorld, relay: Relay) {
  const r = await w.cli(RDP_ANY_PORT_ARGS);
  expect(r.code, r.stderr).toBe(0);
  const t = JSON.parse(r.stdout);
  expect(await echoThrough(t.localPort, "before the freeze")).toBe("before the freeze");
  expect(relay.accepted).toBe(1);
  relay.freeze();
  return t;
}

describe("stopping with a peer that never answers the close", () => {
  it("stop of the last tunnel: the websocket is dropped after the close goes unanswered, then the service exits", async () => {
    const { w, relay, exited } = await frozenPeerWorld();
    const t = await openThroughRelay(w, relay);
    const stop = await w.cli(["stop", t.id]);
    expect(stop).toMatchObject({ code: 0, stdout: `Stopped ${t.id}.\n` });
    // The TerminateSession flag could not be acknowledged through the frozen peer: the API ended it.
    expect(w.ssm.calls.filter((c) => c.action === "TerminateSession").map((c) => c.body)).toEqual([
      { SessionId: t.sessionId },
    ]);
    expect(await exited).toBe(0);
    // The flag and the close frame reached the frozen peer, which answered nothing; the service
    // let go of the websocket itself.
    expect(relay.swallowed).toBeGreaterThan(0);
    await until("the relay to see the service's end of the websocket go", () => relay.clientClosed === 1);
  });

  it("SIGTERM: the same bounded close, then the service exits", async () => {
    const { w, relay, service, exited } = await frozenPeerWorld();
    await openThroughRelay(w, relay);
    service.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(relay.swallowed).toBeGreaterThan(0);
    await until("the relay to see the service's end of the websocket go", () => relay.clientClosed === 1);
    expect(w.ssm.calls.filter((c) => c.action === "TerminateSession")).toHaveLength(1);
  });
});
