/**
 * Issue 17 finding 6: one local client that writes and never reads froze every connection of its
 * tunnel. In multiplexed mode (spec §8.4) its stream alone is now closed (FIN, a log line) once
 * its unread bytes pass the stream budget and it takes none of them for a while (stuck-reader.ts),
 * and another stream of the same tunnel keeps echoing.
 * Everything is decided by byte counts: the flood goes on until the tunnel closes that socket.
 */
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../native-host/src/config/log";
import { STREAM_BUDGET } from "../../native-host/src/tunnel/session/port-forward-mux";
import { connectLocal, echoOver } from "../support/echo";
import { startTunnelRig, type TunnelRig } from "../support/tunnel-rig";
import { until } from "../support/until";

let rig: TunnelRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Writes without ever reading until the far end closes the socket; returns the bytes written. */
async function floodUntilClosed(sock: net.Socket, limit: number): Promise<number> {
  sock.pause();
  sock.on("error", () => {});
  let closed = false;
  sock.once("close", () => (closed = true));
  const block = Buffer.alloc(64 * 1024, 0x61);
  let written = 0;
  while (!closed && written < limit) {
    written += block.length;
    if (!sock.write(block))
      await new Promise<void>((r) => {
        const done = () => {
          sock.off("drain", done);
          sock.off("close", done);
          r();
        };
        sock.once("drain", done);
        sock.once("close", done);
      });
  }
  return written;
}

describe("a local client that never reads", () => {
  it("loses its own stream while another stream of the same tunnel keeps echoing", async () => {
    const lines: string[] = [];
    rig = await startTunnelRig({ log: createLogger((l) => lines.push(l), "info") });
    const port = rig.pf.localPort;
    const other = await connectLocal(port);
    expect((await echoOver(other, 1)).bytes).toBe(1);
    const stuck = await connectLocal(port);
    await until(
      "both streams open at the agent",
      () => rig!.fake.session(rig!.sessionId)!.counts.openStreams === 2,
    );

    const [written, echoed] = await Promise.all([
      floodUntilClosed(stuck, 512 * 1024 * 1024),
      echoOver(other, 1024 * 1024),
    ]);
    expect(stuck.destroyed).toBe(true);
    expect(written).toBeGreaterThan(STREAM_BUDGET);
    expect(written).toBeLessThan(512 * 1024 * 1024); // closed by the tunnel, not by the limit
    expect(echoed.received).toBe(echoed.sent);
    const dropped = lines.map((l) => JSON.parse(l)).filter((r) => r.msg.includes("stopped reading"));
    expect(dropped).toHaveLength(1);
    expect(dropped[0].unreadBytes).toBeGreaterThan(STREAM_BUDGET);

    // The FIN reached the agent: only the healthy stream is left, and it still echoes.
    await until(
      "the agent to close the dropped stream",
      () => rig!.fake.session(rig!.sessionId)!.counts.openStreams === 1,
    );
    expect(rig.pf.stats().connections).toBe(1);
    const again = await echoOver(other, 256 * 1024);
    expect(again.received).toBe(again.sent);
    other.destroy();
  });
});
