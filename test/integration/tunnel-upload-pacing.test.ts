/**
 * Uploads toward a slow destination (spec §15): the agent's smux v1 server holds at most 4 MiB
 * unread for all streams, then its reader blocks, acks stop and every stream stalls behind the slow
 * one. The tunnel's upload window is driven by acknowledgements, so what it holds unacked stays
 * bounded while the agent is blocked, and the session survives until the destination drains;
 * --max-upload-rate below the destination's pace keeps the agent's buffer from filling at all,
 * so another stream keeps echoing. Sizes stay small; the 50 MB run and latencies are in the bench.
 */
import { createHash, randomBytes } from "node:crypto";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connectLocal, echo, echoOver } from "../support/echo";
import { startTunnelRig, type TunnelRig } from "../support/tunnel-rig";
import { until } from "../support/until";

const KB = 1000;
const MB = 1_000_000;
let rig: TunnelRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/**
 * The destination: the first connection is a sink reading `bytesPerSecond` (until fast() is
 * called), every later one echoes.
 */
function slowSink(bytesPerSecond: number) {
  const hash = createHash("sha256");
  const state = { received: 0, fast: false, hash, conn: null as net.Socket | null };
  const handler = (s: net.Socket) => {
    s.on("error", () => s.destroy());
    if (state.conn) return void echo(s);
    state.conn = s;
    s.on("data", (d: Buffer) => {
      state.received += d.length;
      hash.update(d);
      if (state.fast) return;
      s.pause();
      setTimeout(() => s.resume(), (d.length / bytesPerSecond) * 1000);
    });
  };
  const fast = () => {
    state.fast = true;
    state.conn?.resume();
  };
  return { state, handler, fast };
}

/** Writes `total` random bytes into `sock` as fast as it drains; resolves with their hash. */
function upload(sock: net.Socket, total: number): Promise<string> {
  const block = randomBytes(1024 * 1024 + 7);
  const h = createHash("sha256");
  let sent = 0;
  return new Promise((resolve) => {
    const pump = () => {
      while (sent < total) {
        const piece = block.subarray(0, Math.min(64 * 1024, total - sent));
        sent += piece.length;
        h.update(piece);
        if (!sock.write(piece)) return void sock.once("drain", pump);
      }
      resolve(h.digest("hex"));
    };
    pump();
  });
}

/** Samples the engine's unacknowledged upload bytes on every event-loop turn that has I/O. */
function watchUnacked(r: TunnelRig): { max: () => number; stop: () => void } {
  let max = 0;
  const t = setInterval(() => {
    max = Math.max(max, r.pf.stats().upstreamUnacked ?? 0);
  }, 5);
  return { max: () => max, stop: () => clearInterval(t) };
}

describe("uploads toward a destination reading 200 KB/s", () => {
  it("hold a bounded window while the agent's smux buffer is full, and the session outlives it", async () => {
    const sink = slowSink(200 * KB);
    rig = await startTunnelRig({ destination: sink.handler });
    const watch = watchUnacked(rig);
    const a = await connectLocal(rig.pf.localPort);
    const total = 16 * MB;
    const sent = upload(a, total);
    const counts = rig.fake.session(rig.sessionId)!.counts;
    // The fault happened: the agent's 4 MiB filled and its reader blocked (acks stopped).
    await until("the agent's smux buffer to fill", () => counts.muxBufferFull > 0);
    // Blocked: what we hold unacked is the window at most (plus one local read), never the upload.
    await until("the upload window to fill", () => watch.max() > 0);
    expect(watch.max()).toBeLessThanOrEqual(2 * 1024 * 1024 + 64 * 1024);
    expect(rig.fake.session(rig.sessionId)!.state).toBe("connected");
    // The destination drains: everything arrives, another stream echoes, nothing was lost.
    sink.fast();
    const hash = await sent;
    await until("the sink to receive everything", () => sink.state.received >= total);
    expect(sink.state.hash.digest("hex")).toBe(hash);
    const b = await connectLocal(rig.pf.localPort);
    expect((await echoOver(b, 10 * KB)).bytes).toBe(10 * KB);
    watch.stop();
    expect(watch.max()).toBeLessThanOrEqual(2 * 1024 * 1024 + 64 * 1024);
    a.destroy();
    b.destroy();
  });

  it("with --max-upload-rate below the destination's pace: the agent never blocks and another stream keeps echoing", async () => {
    const sink = slowSink(200 * KB);
    rig = await startTunnelRig({
      destination: sink.handler,
      tuning: {
        uploadWindow: { minBytes: 32 * 1024, maxBytes: 2 * 1024 * 1024, maxBytesPerSecond: 150 * KB },
      },
    });
    const a = await connectLocal(rig.pf.localPort);
    void upload(a, 8 * MB);
    const b = await connectLocal(rig.pf.localPort);
    const counts = rig.fake.session(rig.sessionId)!.counts;
    // Echo on the other stream at three points of the upload's progress (counted at the sink).
    for (const mark of [100 * KB, 250 * KB, 400 * KB]) {
      await until(`the sink to pass ${mark} bytes`, () => sink.state.received >= mark);
      const r = await echoOver(b, 10 * KB);
      expect(r.received).toBe(r.sent);
    }
    expect(counts.muxBufferFull).toBe(0);
    expect(counts.muxBufferPeak).toBeLessThan(1024 * 1024);
    a.destroy();
    b.destroy();
  });
});
