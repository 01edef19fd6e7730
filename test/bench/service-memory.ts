/**
 * The tunnel service's memory (issue 16, "Memory"): its RSS right after a tunnel opened, and its
 * peak (VmHWM, Linux /proc) over a 20 MB echo through the tunnel, beside an idle `node -e` read
 * the same way in the same run. The Session Manager is the fake one (test/fakes); the
 * session-manager-plugin (Go) is not installed on the bench machines, so it is not measured.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { RDP_ANY_PORT_ARGS, runHost, startTunnelWorld } from "../support/tunnel-world";
import type { BenchModule, BenchResult } from "./types";

const MiB = 1024 * 1024;
const ECHO_BYTES = Number(process.env.BENCH_ECHO_MB || 20) * 1e6;

/** VmRSS and VmHWM (peak) of a process, in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: (kb("VmRSS") * 1024) / MiB, peak: (kb("VmHWM") * 1024) / MiB };
}

/** An idle `node -e` (a timer keeps it alive), measured once it has settled. */
async function idleNode(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1e6); console.log('up')"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  await new Promise((r) => child.stdout.once("data", r));
  await new Promise((r) => setTimeout(r, 300));
  const { rss } = memoryOf(child.pid!);
  child.kill();
  return rss;
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

const bench: BenchModule = {
  async run(): Promise<BenchResult[]> {
    if (process.platform !== "linux") return [];
    const w = await startTunnelWorld({ idleMs: 60_000 });
    try {
      const r = await runHost(RDP_ANY_PORT_ARGS, w.env);
      if (r.code !== 0) throw new Error(`rdp failed: ${r.stderr}`);
      const { localPort } = JSON.parse(r.stdout) as { localPort: number };
      const pid = (await w.servicePid())!;
      const open = memoryOf(pid);
      const t0 = Date.now();
      await echo(localPort, ECHO_BYTES);
      const seconds = (Date.now() - t0) / 1000;
      const busy = memoryOf(pid);
      const reference = { name: "idle `node -e`", value: await idleNode() };
      const detail = { peakBeforeEcho: open.peak, rssAfterEcho: busy.rss, echoSeconds: seconds };
      return [
        { name: "tunnel service RSS, tunnel just opened", value: open.rss, unit: "MiB", reference, detail },
        {
          name: `tunnel service peak RSS, ${ECHO_BYTES / 1e6} MB echo`,
          value: busy.peak,
          unit: "MiB",
          reference,
          target: "≤ 50 MiB",
          detail,
        },
      ];
    } finally {
      await w.close();
    }
  },
};

export default bench;
