/**
 * Tunnel figures (issue "Data channel"): throughput each way through the built-in engine and the
 * fake service + agent (in a child process, so the two ends do not share a CPU), beside a direct
 * loopback TCP copy between the same two processes; echo round trips; host RSS while busy.
 * Paced = the agent's own 1 KiB / 1 ms pacing (spec §7.6), unpaced = as fast as the agent can.
 */
import net from "node:net";
import os from "node:os";
import { createLogger } from "../../native-host/src/config/log";
import { startBuiltinPortForward } from "../../native-host/src/tunnel/engines/builtin-engine";
import type { PortForward } from "../../native-host/src/tunnel/engines/engine";
import {
  type FakeSessionManagerProcess,
  startFakeSessionManagerProcess,
} from "../fakes/session-manager/process";
import { median, percentile } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const MB = 1_000_000;
const UNPACED_BYTES = 60 * MB;
const PACED_BYTES = 6 * MB;
const ECHO_ROUNDS = 500;

const connect = (port: number) =>
  new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });

/** MB/s receiving `total` bytes from a source destination. */
async function download(port: number, total: number): Promise<number> {
  const s = await connect(port);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    let got = 0;
    s.on("data", (d: Buffer) => {
      got += d.length;
      if (got >= total) resolve();
    });
    s.on("close", () => reject(new Error(`download closed at ${got} bytes`)));
  });
  const mbps = total / MB / ((performance.now() - t0) / 1000);
  s.destroy();
  return mbps;
}

/** MB/s sending `total` bytes to a sink that answers "k" once it has them all. */
async function upload(port: number, total: number): Promise<number> {
  const s = await connect(port);
  const block = Buffer.alloc(64 * 1024, 0xa5);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        const piece = block.subarray(0, Math.min(block.length, total - sent));
        sent += piece.length;
        if (!s.write(piece)) return void s.once("drain", pump);
      }
    };
    s.on("data", () => resolve());
    s.on("close", () => reject(new Error("upload closed early")));
    pump();
  });
  const mbps = total / MB / ((performance.now() - t0) / 1000);
  s.destroy();
  return mbps;
}

/** Round-trip times in ms of 64-byte pings to an echo destination. */
async function echoRounds(port: number, rounds: number): Promise<number[]> {
  const s = await connect(port);
  s.setNoDelay(true);
  const ping = Buffer.alloc(64, 0x42);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      let got = 0;
      const onData = (d: Buffer) => {
        got += d.length;
        if (got >= ping.length) {
          s.off("data", onData);
          resolve();
        }
      };
      s.on("data", onData);
      s.write(ping);
    });
    times.push(performance.now() - t0);
  }
  s.destroy();
  return times;
}

async function tunnelTo(
  fake: FakeSessionManagerProcess,
  destPort: number,
  pacing: boolean,
): Promise<{ pf: PortForward; sessionId: string }> {
  const session = await fake.createSession({
    target: "i-bench",
    destination: { host: "127.0.0.1", port: destPort },
    knobs: { pacing },
  });
  const pf = await startBuiltinPortForward({
    session,
    remotePort: destPort,
    localPort: 0,
    host: "127.0.0.1",
    resume: () => fake.resumeSession(session.sessionId),
    terminate: () => fake.terminateSession(session.sessionId),
    log: createLogger(() => {}, "error"),
    onEvent: () => {},
  });
  return { pf, sessionId: session.sessionId };
}

interface Run<T> {
  value: T;
  /** CPU seconds this process (engine + local client) spent during the run. */
  cpu: number;
  /** CPU seconds the fake service + agent process spent. */
  agentCpu: number;
  /** The agent's achieved Output rate in MB/s (its pace when paced). */
  agentMBps: number;
}

async function through<T>(
  fake: FakeSessionManagerProcess,
  destPort: number,
  pacing: boolean,
  fn: (port: number) => Promise<T>,
): Promise<Run<T>> {
  const { pf, sessionId } = await tunnelTo(fake, destPort, pacing);
  try {
    const f0 = await fake.cpuSeconds();
    const c0 = process.cpuUsage();
    const value = await fn(pf.localPort);
    const c = process.cpuUsage(c0);
    const agentCpu = (await fake.cpuSeconds()) - f0;
    const counts = (await fake.session(sessionId))!.counts;
    const agentSeconds = (counts.outputLastAt - counts.outputFirstAt) / 1000;
    return {
      value,
      cpu: (c.user + c.system) / 1e6,
      agentCpu,
      agentMBps: agentSeconds > 0 ? counts.outputBytes / MB / agentSeconds : 0,
    };
  } finally {
    await pf.stop();
  }
}

async function measure(fake: FakeSessionManagerProcess): Promise<BenchResult[]> {
  const src = await fake.destination(`source:${UNPACED_BYTES}`);
  const sink = await fake.destination(`sink:${UNPACED_BYTES}`);
  const pacedSrc = await fake.destination(`source:${PACED_BYTES}`);
  const pacedSink = await fake.destination(`sink:${PACED_BYTES}`);
  const echo = await fake.destination("echo");
  const directDown = await download(src, UNPACED_BYTES);
  const directUp = await upload(sink, UNPACED_BYTES);
  const direct = { name: "direct loopback TCP copy", unit: "MB/s" };
  const rssIdle = process.memoryUsage().rss / MB;
  let rssMax = 0;
  const rssTimer = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss / MB);
  }, 50);
  const down = await through(fake, src, false, (p) => download(p, UNPACED_BYTES));
  const up = await through(fake, sink, false, (p) => upload(p, UNPACED_BYTES));
  clearInterval(rssTimer);
  const pacedDown = await through(fake, pacedSrc, true, (p) => download(p, PACED_BYTES));
  const pacedUp = await through(fake, pacedSink, true, (p) => upload(p, PACED_BYTES));
  const directEcho = await echoRounds(echo, ECHO_ROUNDS);
  const tunnelEcho = (await through(fake, echo, false, (p) => echoRounds(p, ECHO_ROUNDS))).value;
  const perCpu = (bytes: number, r: Run<unknown>) => ({
    engineMBperCpuSecond: +(bytes / MB / r.cpu).toFixed(1),
    engineCpuSeconds: +r.cpu.toFixed(2),
    fakeAgentMBperCpuSecond: +(bytes / MB / r.agentCpu).toFixed(1),
  });
  return [
    {
      name: "tunnel downstream, unpaced agent, 1 KiB messages",
      value: down.value,
      unit: "MB/s",
      reference: { ...direct, value: directDown },
      target: "≥ 20 MB/s",
      detail: perCpu(UNPACED_BYTES, down),
    },
    {
      name: "tunnel upstream, unpaced agent, 1 KiB messages",
      value: up.value,
      unit: "MB/s",
      reference: { ...direct, value: directUp },
      target: "≥ 20 MB/s",
      detail: perCpu(UNPACED_BYTES, up),
    },
    {
      name: "engine capacity downstream (MB per CPU-second of the host process)",
      value: UNPACED_BYTES / MB / down.cpu,
      unit: "MB/cpu-s",
      detail: { note: "what one free core would carry; wall-clock MB/s depends on the machine's load" },
    },
    {
      name: "engine capacity upstream (MB per CPU-second of the host process)",
      value: UNPACED_BYTES / MB / up.cpu,
      unit: "MB/cpu-s",
    },
    {
      name: "tunnel downstream, paced agent",
      value: pacedDown.value,
      unit: "MB/s",
      reference: {
        name: "the agent's achieved pace (nominal 1 KiB/ms = 1.024 MB/s)",
        value: pacedDown.agentMBps,
      },
      target: "≥ 95 % of the agent's pace",
    },
    {
      name: "tunnel upstream, paced agent",
      value: pacedUp.value,
      unit: "MB/s",
      reference: { ...direct, value: directUp },
      target: "≥ 5 MiB/s (5.24 MB/s)",
      detail: perCpu(PACED_BYTES, pacedUp),
    },
    {
      name: `echo round trip p50 (${ECHO_ROUNDS} × 64 B)`,
      value: median(tunnelEcho),
      unit: "ms",
      reference: { name: "direct loopback echo p50", value: median(directEcho) },
    },
    {
      name: `echo round trip p99 (${ECHO_ROUNDS} × 64 B)`,
      value: percentile(tunnelEcho, 99),
      unit: "ms",
      reference: { name: "direct loopback echo p99", value: percentile(directEcho, 99) },
    },
    {
      name: "host RSS, busy tunnel (max while 60 MB each way)",
      value: rssMax,
      unit: "MB",
      reference: { name: "same process before the tunnel", value: rssIdle },
    },
    {
      name: "machine load average (1 min) after the runs",
      value: os.loadavg()[0]!,
      unit: "",
      detail: { cpus: os.cpus().length },
    },
  ];
}

const bench: BenchModule = {
  async run() {
    const fake = await startFakeSessionManagerProcess();
    try {
      return await measure(fake);
    } finally {
      await fake.close();
    }
  },
};
export default bench;
