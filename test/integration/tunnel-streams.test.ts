/** Multiplexed mode (spec §8.4): many local connections at once, each its own smux stream. */
import { afterEach, describe, expect, it } from "vitest";
import { echoThrough, startTunnelRig, type TunnelRig } from "../fakes/session-manager/test-rig";

let rig: TunnelRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("tunnel streams", () => {
  it("carries 64 concurrent connections intact", async () => {
    rig = await startTunnelRig();
    const results = await Promise.all(Array.from({ length: 64 }, () => echoThrough(rig!.pf.localPort, 256 * 1024)));
    for (const r of results) expect(r.received).toBe(r.sent);
    const info = rig.fake.session(rig.sessionId)!;
    expect(info.counts.streamsOpened).toBe(64);
    expect(info.counts.maxConcurrentStreams).toBeGreaterThan(32);
    expect(info.counts.bytesToDestination).toBe(64 * 256 * 1024);
    // Every local close became a FIN; the agent closed every destination connection.
    const t0 = Date.now();
    while (info.counts.openStreams > 0 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
    expect(info.counts.openStreams).toBe(0);
    expect(rig.pf.stats().connections).toBe(0);
  });
});
