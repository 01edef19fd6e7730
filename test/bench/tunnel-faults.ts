/**
 * Tunnel figures under faults against the faithful double (issue "Tunnel truth"): the stall a
 * 1000 Bye causes in a 20 MB echo (time from the drop to full speed again) and the recovery after
 * a 30 s outage, under both answers of what the service does with agent frames across a client
 * reconnect, and a 50 MB upload into a
 * destination reading 200 KB/s behind the agent's 4 MiB smux buffer: the engine's unacked bytes,
 * the echo latency of another stream meanwhile, with and without --max-upload-rate. References
 * are measured in the same run: a direct loopback echo, and the destination's own pace.
 */
import type net from "node:net";
import { connectLocal, echo, echoThrough, startEchoServer } from "../support/echo";
import { refusalsSpanning, startTunnelRig, type TunnelRig } from "../support/tunnel-rig";
import { median, percentile } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const MB = 1_000_000;
const KB = 1000;
const ECHO_BYTES = 20 * MB;
const UPLOAD_BYTES = 50 * MB;
const SINK_RATE = 200 * KB;

/**
 * A fault in the middle of a 20 MB echo with the agent at its real pace: a 1000 Bye at 5 MB of
 * agent output, or an outage from 5 MB echoed that ends after as many refused attempts as the
 * engine's quickest back-off spends in 30 s. The stall runs from the moment the service is back
 * (the Bye itself, or the accepted reconnect after the outage) to the first 500 ms in which the
 * echo ran at ≥ 80 % of its pace in the 2 s before the fault.
 */
async function faultStall(
  fault: "bye" | "outage",
  agentVersion: string,
  reconnectFrames: "kept" | "dropped",
) {
  const rig = await startTunnelRig({
    knobs: {
      agentVersion,
      reconnectFrames,
      pacing: true,
      serviceLatencyMs: 20,
      byeAfterBytes: fault === "bye" ? 5 * MB : null,
    },
  });
  try {
    const samples: Array<[number, number]> = [];
    let faultAt = 0;
    let backAt = 0;
    const info = rig.fake.session(rig.sessionId)!;
    const t0 = performance.now();
    // The fault is seen at the fake the moment it happens; data may not arrive for a while.
    const watch = setInterval(() => {
      if (!faultAt && info.counts.byes > 0) faultAt = performance.now();
      if (!backAt && info.counts.connections > 1) backAt = performance.now();
    }, 2);
    const r = await echoThrough(rig.pf.localPort, ECHO_BYTES, (received) => {
      samples.push([performance.now(), received]);
      if (fault === "outage" && !faultAt && received >= 5 * MB) {
        faultAt = performance.now();
        rig.fake.outage({ refusals: refusalsSpanning(30_000) });
      }
    });
    clearInterval(watch);
    const total = (performance.now() - t0) / 1000;
    const from = fault === "bye" ? faultAt : backAt;
    const at = (t: number) => samples.findLast(([s]) => s <= t)?.[1] ?? 0;
    const before = (at(faultAt) - at(faultAt - 2000)) / 2; // bytes/s over the 2 s before the fault
    let back = Number.NaN;
    for (const [t] of samples) {
      if (t < from + 500) continue;
      if ((at(t) - at(t - 500)) * 2 >= 0.8 * before) {
        back = t - 500 - from;
        break;
      }
    }
    return {
      stallMs: Math.max(0, back),
      outageMs: fault === "outage" ? backAt - faultAt : 0,
      beforeMBps: before / MB,
      totalSeconds: total,
      intact: r.received === r.sent,
      refused: info.counts.refused,
      lostFrames: info.counts.framesLostOnReconnect,
      agentResends: info.counts.agentResends,
      reAcked: (rig.pf as unknown as { channel: { reliable: { counters: { reAcked: number } } } }).channel
        .reliable.counters.reAcked,
    };
  } finally {
    await rig.close();
  }
}

/** Seconds for the same random echo through a direct loopback connection (no tunnel). */
async function directEchoSeconds(bytes: number): Promise<number> {
  const server = await startEchoServer();
  const t0 = performance.now();
  await echoThrough(server.port, bytes);
  const seconds = (performance.now() - t0) / 1000;
  await server.close();
  return seconds;
}

async function directEchoMs(): Promise<number[]> {
  const server = await startEchoServer();
  const s = await connectLocal(server.port);
  const times = await pings(s, 50, 0);
  s.destroy();
  await server.close();
  return times;
}

/** Round trips of 64-byte pings on `s`, one every `gapMs`. */
async function pings(s: net.Socket, n: number, gapMs: number, keepGoing = () => true): Promise<number[]> {
  s.setNoDelay(true);
  const times: number[] = [];
  for (let i = 0; i < n && keepGoing(); i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      let got = 0;
      const on = (d: Buffer) => {
        got += d.length;
        if (got >= 64) {
          s.off("data", on);
          resolve();
        }
      };
      s.on("data", on);
      s.write(Buffer.alloc(64, 1));
    });
    times.push(performance.now() - t0);
    if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
  }
  return times;
}

/** A 50 MB upload into a 200 KB/s sink, pings on another stream meanwhile. */
async function slowUpload(maxBytesPerSecond: number | null, bytes: number) {
  let sinkConn: net.Socket | null = null;
  let received = 0;
  const rig: TunnelRig = await startTunnelRig({
    tuning: { uploadWindow: { minBytes: 32 * 1024, maxBytes: 2 * 1024 * 1024, maxBytesPerSecond } },
    destination: (s) => {
      s.on("error", () => s.destroy());
      if (sinkConn) return void echo(s);
      sinkConn = s;
      s.on("data", (d: Buffer) => {
        received += d.length;
        s.pause();
        setTimeout(() => s.resume(), (d.length / SINK_RATE) * 1000);
      });
    },
  });
  try {
    let maxUnacked = 0;
    const watch = setInterval(() => {
      maxUnacked = Math.max(maxUnacked, rig.pf.stats().upstreamUnacked ?? 0);
    }, 20);
    const a = await connectLocal(rig.pf.localPort);
    const block = Buffer.alloc(64 * 1024, 0x5a);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += block.length;
        if (!a.write(block)) return void a.once("drain", pump);
      }
    };
    pump();
    const b = await connectLocal(rig.pf.localPort);
    const t0 = performance.now();
    const times = await pings(b, 100_000, 500, () => received < bytes);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(watch);
    const info = rig.fake.session(rig.sessionId)!;
    a.destroy();
    b.destroy();
    return {
      seconds,
      received,
      p50: median(times),
      p99: percentile(times, 99),
      max: Math.max(...times),
      maxUnacked,
      muxBufferFull: info.counts.muxBufferFull,
      muxPeak: info.counts.muxBufferPeak,
      alive: info.state === "connected",
    };
  } finally {
    await rig.close();
  }
}

const bench: BenchModule = {
  async run() {
    const out: BenchResult[] = [];
    const direct = await directEchoMs();
    const directEcho = { name: "direct loopback echo p50", value: median(direct) };
    const directCopy = await directEchoSeconds(ECHO_BYTES);
    // TUNNEL_FAULTS_PART=bye or =upload runs one half (the upload half takes about 5 minutes).
    const part = process.env.TUNNEL_FAULTS_PART;
    for (const answer of part === "upload" ? [] : (["kept", "dropped"] as const)) {
      for (const version of ["3.3.40.0", "3.1.1511.0"]) {
        const r = await faultStall("bye", version, answer);
        out.push({
          name: `Bye stall in a 20 MB echo, paced agent ${version}, service frames ${answer}`,
          value: r.stallMs,
          unit: "ms",
          detail: r,
        });
        out.push({
          name: `same: the whole 20 MB echo with the Bye (${version}, ${answer})`,
          value: r.totalSeconds,
          unit: "s",
          reference: { name: "direct loopback copy of the same echo", value: directCopy },
        });
      }
      const o = await faultStall("outage", "3.3.40.0", answer);
      out.push({
        name: `recovery after a 30 s outage in a 20 MB echo, paced agent 3.3.40.0, service frames ${answer}`,
        value: o.stallMs,
        unit: "ms",
        reference: { name: "the outage itself (drop to accepted reconnect)", value: o.outageMs },
        detail: o,
      });
      out.push({
        name: `same: the whole 20 MB echo with the outage (3.3.40.0, ${answer})`,
        value: o.totalSeconds,
        unit: "s",
        reference: { name: "direct loopback copy of the same echo", value: directCopy },
      });
    }
    const uploads = [
      ["acks only", null],
      ["--max-upload-rate 150k", 150 * KB],
    ] as const;
    for (const [label, rate] of part === "bye" ? [] : uploads) {
      const bytes = rate === null ? UPLOAD_BYTES : 6 * MB;
      const r = await slowUpload(rate, bytes);
      const detail = { ...r, uploadBytes: bytes };
      out.push({
        name: `upload ${bytes / MB} MB into a 200 KB/s destination (${label}): other stream's echo p50`,
        value: r.p50,
        unit: "ms",
        reference: directEcho,
        detail,
      });
      out.push({
        name: `same (${label}): other stream's echo p99`,
        value: r.p99,
        unit: "ms",
        reference: { name: "direct loopback echo p99", value: percentile(direct, 99) },
      });
      out.push({
        name: `same (${label}): most upload bytes unacked in the engine`,
        value: r.maxUnacked / MB,
        unit: "MB",
        reference: { name: "the agent's smux receive buffer", value: 4.194304 },
      });
      out.push({
        name: `same (${label}): achieved upload pace`,
        value: r.received / r.seconds / KB,
        unit: "KB/s",
        reference: { name: "the destination's pace", value: SINK_RATE / KB },
      });
    }
    return out;
  },
};
export default bench;
