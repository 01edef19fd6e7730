/**
 * The built-in engine through the fake service + agent to a real echo server: 100 MB each way with
 * checksums, in multiplexed (agent 3.3.x) and basic (agent 3.0.196.0) mode (spec §8.3, §8.4).
 */
import { afterEach, describe, expect, it } from "vitest";
import { echoThrough } from "../support/echo";
import { startTunnelRig, type TunnelRig } from "../support/tunnel-rig";

const MB = 1_000_000;
let rig: TunnelRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("tunnel transfer", () => {
  it.each([
    ["mux", "3.3.40.0"],
    ["basic", "3.0.196.0"],
  ])("carries 100 MB each way intact in %s mode", async (mode, agentVersion) => {
    rig = await startTunnelRig({ knobs: { agentVersion } });
    const r = await echoThrough(rig.pf.localPort, 100 * MB);
    expect(r.bytes).toBe(100 * MB);
    expect(r.received).toBe(r.sent);
    const info = rig.fake.session(rig.sessionId)!;
    expect(info.mode).toBe(mode);
    expect(info.counts.bytesToDestination).toBe(100 * MB);
    expect(info.counts.bytesFromDestination).toBe(100 * MB);
    expect(rig.pf.stats()).toMatchObject({ bytesIn: 100 * MB, bytesOut: 100 * MB });
    // Flow control by the unacked window, not blind resends: on a clean link only event-loop
    // stalls past the RTO (this machine is shared) cause any.
    expect(info.counts.clientDuplicates).toBeLessThan(info.counts.clientMessages / 10);
  });
});
