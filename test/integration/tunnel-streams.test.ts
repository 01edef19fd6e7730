/** Multiplexed mode (spec §8.4): many local connections at once, each its own smux stream. */
import { afterEach, describe, expect, it } from "vitest";
import { connectLocal, echoOver } from "../support/echo";
import { startTunnelRig, type TunnelRig } from "../support/tunnel-rig";
import { until } from "../support/until";

let rig: TunnelRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("tunnel streams", () => {
  it("carries 64 concurrent connections intact", async () => {
    rig = await startTunnelRig();
    const port = rig.pf.localPort;
    // All 64 open (and proven end to end) before any data flows, so they are truly concurrent.
    const sockets = await Promise.all(Array.from({ length: 64 }, () => connectLocal(port)));
    await Promise.all(sockets.map((s) => echoOver(s, 1)));
    const info = rig.fake.session(rig.sessionId)!;
    expect(info.counts.openStreams).toBe(64);
    expect(rig.pf.stats().connections).toBe(64);
    const results = await Promise.all(sockets.map((s) => echoOver(s, 256 * 1024)));
    for (const r of results) expect(r.received).toBe(r.sent);
    for (const s of sockets) s.destroy();
    expect(info.counts.streamsOpened).toBe(64);
    expect(info.counts.maxConcurrentStreams).toBe(64);
    expect(info.counts.bytesToDestination).toBe(64 * (256 * 1024 + 1));
    // Every local close became a FIN; the agent closed every destination connection.
    await until("every destination connection closed", () => info.counts.openStreams === 0);
    expect(rig.pf.stats().connections).toBe(0);
  });
});
