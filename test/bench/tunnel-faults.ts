/**
 * Tunnel figures under faults against the faithful double (issue "Tunnel truth"): the stall a
 * 1000 Bye causes in a 20 MB echo (time from the drop to full speed again) under both answers of
 * what the service does with agent frames across a client reconnect, and a 50 MB upload into a
 * destination reading 200 KB/s behind the agent's 4 MiB smux buffer: the engine's unacked bytes,
 * the echo latency of another stream meanwhile, with and without --max-upload-rate. References
 * are measured in the same run: a direct loopback echo, and the destination's own pace.
 */
import type net from "node:net";
import { connectLocal, echo, echoThrough, startEchoServer } from "../support/echo";
import { startTunnelRig, type TunnelRig } from "../support/tunnel-rig";
import { median, percentile } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const MB = 1_000_000;
const KB = 1000;
const ECHO_BYTES = 20 * MB;
const UPLOAD_BYTES = 50 * MB;
const SINK_RATE = 200 * KB;

/** Time from the Bye to the first 500 ms in which the echo ran at ≥ 80 % of its pace before it. */
async function byeStall(agentVersion: string, reconnectFrames: "kept" | "dropped") {
  const rig = await startTunnelRig({
    knobs: { agentVersion, reconnectFrames, pacing: true, serviceLatencyMs: 20, byeAfterBytes: 5 * MB },
  });
  try {
    const samples: Array<[number, number]> = [];
    let byeAt = 0;
    const info = rig.fake.session(rig.sessionId)!;
    const t0 = performance.now();
    // The Bye is seen at the fake the moment it closes the socket; data may not arrive for a while.
    const watch = setInterval(() => {
      if (!byeAt && info.counts.byes > 0) byeAt = performance.now();
    }, 2);
    const r = await echoThrough(rig.pf.localPort, ECHO_BYTES, (received) => {
      samples.push([performance.now(), received]);
    });
    clearInterval(watch);
    const total = (performance.now() - t0) / 1000;
    const at = (t: number) => samples.findLast(([s]) => s <= t)?.[1] ?? 0;
    const before = (at(byeAt) - at(byeAt - 2000)) / 2; // bytes/s over the 2 s before the Bye
    let back = Number.NaN;
    for (const [t] of samples) {
      if (t < byeAt + 500) continue;
      if ((at(t) - at(t - 500)) * 2 >= 0.8 * before) {
        back = t - 500 - byeAt;
        break;
      }
    }
    return {
      stallMs: Math.max(0, back),
      beforeMBps: before / MB,
      totalSeconds: total,
      intact: r.received === r.sent,
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
        const r = await byeStall(version, answer);
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
