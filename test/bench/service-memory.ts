/**
 * The tunnel service's memory (issue 16, "Memory"): its RSS idle with a tunnel open, and its peak
 * (VmHWM, Linux /proc) over a 20 MB echo through the tunnel, beside an idle `node -e` read the
 * same way in the same run. The target is the issue's: under 2× the session-manager-plugin's
 * busy figure (19–27 MiB measured through an independent Session Manager double), ≤ 50 MiB. The
 * Session Manager is the fake one (test/fakes); the plugin is not installed on the bench
 * machines, so it is not measured here.
 *
 * RSS is split into file-backed pages (mostly the node executable's own code, shared with every
 * Node process and the floor no script can lower) and anonymous ones (heaps and buffers: what
 * bastionless itself costs), sampled every 20 ms through the echo.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { RDP_ANY_PORT_ARGS, runHost, startTunnelWorld } from "../support/tunnel-world";
import type { BenchModule, BenchResult } from "./types";

const MiB = 1024 * 1024;
const ECHO_BYTES = Number(process.env.BENCH_ECHO_MB || 20) * 1e6;
const TARGET = "≤ 50 MiB (2× the plugin's busy 19–27 MiB)";

interface Memory {
  rss: number;
  peak: number;
  anon: number;
  file: number;
}

/** VmRSS, VmHWM (peak), RssAnon and RssFile of a process, in MiB. */
function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const mib = (key: string) =>
    (Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024) / MiB;
  return { rss: mib("VmRSS"), peak: mib("VmHWM"), anon: mib("RssAnon"), file: mib("RssFile") };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (m: Memory) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v * 10) / 10]));

/** An idle `node -e` (a timer keeps it alive), measured once it has settled. */
async function idleNode(): Promise<Memory> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1e6); console.log('up')"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  await new Promise((r) => child.stdout.once("data", r));
  await settle(300);
  const m = memoryOf(child.pid!);
  child.kill();
  return m;
}

/** Writes `bytes` through the echo tunnel and resolves when all came back. */
function echo(port: number, bytes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1");
    const chunk = Buffer.alloc(64 * 1024, 0x5a);
    let sent = 0;
    let got = 0;
    const pump = () => {
      while (sent < bytes) {
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        if (!s.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void s.once("drain", pump);
      }
    };
    s.on("connect", pump);
    s.on("data", (d: Buffer) => {
      got += d.length;
      if (got >= bytes) {
        s.destroy();
        resolve();
      }
    });
    s.on("error", reject);
  });
}

/** The echo, with the service's anonymous and file-backed RSS sampled every 20 ms. */
async function busy(pid: number, port: number) {
  let maxAnon = 0;
  let maxFile = 0;
  const sample = setInterval(() => {
    const m = memoryOf(pid);
    maxAnon = Math.max(maxAnon, m.anon);
    maxFile = Math.max(maxFile, m.file);
  }, 20);
  const t0 = performance.now();
  try {
    await echo(port, ECHO_BYTES);
  } finally {
    clearInterval(sample);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, maxAnon, maxFile, after: memoryOf(pid) };
}

const bench: BenchModule = {
  async run(): Promise<BenchResult[]> {
    if (process.platform !== "linux") return [];
    const w = await startTunnelWorld({ idleMs: 60_000 });
    try {
      const r = await runHost(RDP_ANY_PORT_ARGS, w.env);
      if (r.code !== 0) throw new Error(`rdp failed: ${r.stderr}`);
      const { localPort } = JSON.parse(r.stdout) as { localPort: number };
      const pid = (await w.servicePid())!;
      await settle(500);
      const idle = memoryOf(pid);
      const b = await busy(pid, localPort);
      const node = await idleNode();
      const reference = { name: "idle `node -e`", value: node.rss };
      const mb = ECHO_BYTES / 1e6;
      return [
        {
          name: "tunnel service RSS, idle with a tunnel open",
          value: idle.rss,
          unit: "MiB",
          reference,
          detail: { service: round(idle), idleNode: round(node) },
        },
        {
          name: `tunnel service peak RSS, ${mb} MB echo`,
          value: b.after.peak,
          unit: "MiB",
          reference,
          target: TARGET,
          detail: {
            echoMBps: Math.round((mb / b.seconds) * 100) / 100,
            peakAnonMiB: Math.round(b.maxAnon * 10) / 10,
            peakFileMiB: Math.round(b.maxFile * 10) / 10,
            afterEcho: round(b.after),
            idleNode: round(node),
          },
        },
        {
          name: `same: anonymous (private) part at its peak, ${mb} MB echo`,
          value: b.maxAnon,
          unit: "MiB",
          reference: { name: "idle `node -e` anonymous", value: node.anon },
          detail: { fileBackedAtPeak: b.maxFile, idleNodeFileBacked: node.file },
        },
      ];
    } finally {
      await w.close();
    }
  },
};

export default bench;
