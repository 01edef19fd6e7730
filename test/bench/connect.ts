/**
 * `bastionless rdp` → the tunnel's port accepting: from spawning the CLI process to a TCP connect
 * on the port it printed. Cold (the CLI starts the tunnel service) and warm (the service runs),
 * through the fake SSM + Session Manager, beside `node -e 0` measured in the same run. Runs are
 * interleaved so load on the shared machine hits every variant alike.
 */
import { spawn } from "node:child_process";
import net from "node:net";
import {
  killService,
  RDP_ANY_PORT_ARGS,
  RDP_INSTANCE,
  runHost,
  startTunnelWorld,
  type TunnelWorld,
} from "../support/tunnel-world";
import { median, percentile } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const RUNS = Number(process.env.BENCH_CONNECT_RUNS || 9);

const now = () => Number(process.hrtime.bigint()) / 1e6;

function nodeE0(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve(now() - t0));
  });
}

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve();
    });
    s.once("error", reject);
  });
}

/** ms from spawning `bastionless rdp … --no-launch --json` to a successful connect on its port. */
async function rdpToAccept(w: TunnelWorld, args = RDP_ANY_PORT_ARGS): Promise<{ ms: number; id: string }> {
  const t0 = now();
  const r = await runHost(args, w.env);
  if (r.code !== 0) throw new Error(`rdp failed: ${r.stderr}`);
  const tunnel = JSON.parse(r.stdout) as { id: string; localPort: number };
  await connect(tunnel.localPort);
  return { ms: now() - t0, id: tunnel.id };
}

const summary = (xs: number[]) => ({
  samples: xs.map((x) => Math.round(x)),
  min: Math.round(Math.min(...xs)),
  p90: Math.round(percentile(xs, 90)),
});

const bench: BenchModule = {
  async run(): Promise<BenchResult[]> {
    const cold = await startTunnelWorld({ idleMs: 60_000 });
    const warm = await startTunnelWorld({ idleMs: 60_000 });
    const samples = { cold: [] as number[], warm: [] as number[], node: [] as number[] };
    try {
      // Starts the warm world's service; this first tunnel keeps it. It goes to another instance,
      // since a second rdp to the same instance and port would reuse it (issue 11).
      await rdpToAccept(
        warm,
        RDP_ANY_PORT_ARGS.map((a) => (a === RDP_INSTANCE ? "i-0fedcba9876543210" : a)),
      );
      for (let i = 0; i < RUNS; i++) {
        samples.node.push(await nodeE0());
        const c = await rdpToAccept(cold);
        samples.cold.push(c.ms);
        await killService(await cold.servicePid());
        const h = await rdpToAccept(warm);
        samples.warm.push(h.ms);
        await runHost(["stop", h.id], warm.env);
      }
    } finally {
      await cold.close();
      await warm.close();
    }
    const reference = { name: "node -e 0 (median)", value: median(samples.node), unit: "ms" };
    return [
      {
        name: `rdp → port accepting, service running (median of ${RUNS})`,
        value: median(samples.warm),
        unit: "ms",
        reference,
        detail: summary(samples.warm),
      },
      {
        name: `rdp → port accepting, service started by the call (median of ${RUNS})`,
        value: median(samples.cold),
        unit: "ms",
        reference,
        detail: summary(samples.cold),
      },
    ];
  },
};
export default bench;
