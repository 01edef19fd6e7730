/**
 * `bastionless ssh-proxy` figures (issue 13, "Measure"): echo round trip and echoed throughput
 * through the built host's stdin/stdout over AWS-StartSSHSession (fake SSM + fake agent, as in
 * test/integration/ssh-proxy.test.ts), beside a direct loopback TCP connection to the same echo
 * server in the same run. ssh-proxy carries any TCP stream, so the destination is a byte echo
 * server rather than sshd: these are the transport's figures, without ssh's own crypto on top.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import net from "node:net";
import type { Readable, Writable } from "node:stream";
import { HOST_BUNDLE } from "../support/host-process";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { median, percentile } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const MiB = 2 ** 20;
const ECHO_ROUNDS = 300;
const WARMUP_ROUNDS = 10;
const THROUGHPUT_MIB = 8;

interface Pipe {
  out: Writable;
  in: Readable;
  close(): Promise<void>;
}

/** Reads until `n` more bytes have arrived. */
function readBytes(r: Readable, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const onData = (d: Buffer) => {
      got += d.length;
      if (got < n) return;
      r.off("data", onData);
      r.off("close", onClose);
      resolve();
    };
    const onClose = () => reject(new Error(`closed after ${got} of ${n} bytes`));
    r.on("data", onData);
    r.once("close", onClose);
  });
}

/** Round-trip times in ms of 64-byte writes, one at a time; the first rounds are warm-up. */
async function echoRounds(p: Pipe): Promise<number[]> {
  const ping = Buffer.alloc(64, 0x42);
  const times: number[] = [];
  for (let i = 0; i < WARMUP_ROUNDS + ECHO_ROUNDS; i++) {
    const t0 = performance.now();
    const back = readBytes(p.in, ping.length);
    p.out.write(ping);
    await back;
    if (i >= WARMUP_ROUNDS) times.push(performance.now() - t0);
  }
  return times;
}

/** MiB/s of THROUGHPUT_MIB written in 64 KiB blocks and all echoed back. */
async function echoThroughput(p: Pipe): Promise<number> {
  const total = THROUGHPUT_MIB * MiB;
  const block = Buffer.alloc(64 * 1024, 0xa5);
  const t0 = performance.now();
  const back = readBytes(p.in, total);
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      sent += block.length;
      if (!p.out.write(block)) return void p.out.once("drain", pump);
    }
  };
  pump();
  await back;
  return THROUGHPUT_MIB / ((performance.now() - t0) / 1000);
}

async function direct(port: number): Promise<Pipe> {
  const s = await new Promise<net.Socket>((resolve, reject) => {
    const c = net.connect(port, "127.0.0.1", () => resolve(c));
    c.once("error", reject);
  });
  s.setNoDelay(true);
  return { out: s, in: s, close: async () => void s.destroy() };
}

function sshProxy(w: TunnelWorld): Pipe {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [HOST_BUNDLE, "ssh-proxy", RDP_INSTANCE, "--port", "22", "--profile", "rdp-test"],
    { env: w.env, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.once("exit", (code) => {
    if (code) process.stderr.write(`ssh-proxy exited ${code}: ${stderr}\n`);
  });
  return {
    out: child.stdin,
    in: child.stdout,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.stdin.end(); // ssh closing the connection ends ssh-proxy (README, ssh-proxy)
      await exited;
    },
  };
}

async function measure(w: TunnelWorld): Promise<BenchResult[]> {
  const run = async (open: () => Promise<Pipe> | Pipe) => {
    const p = await open();
    try {
      const rtt = await echoRounds(p);
      return { rtt, mibps: await echoThroughput(p) };
    } finally {
      await p.close();
    }
  };
  const d = await run(() => direct(w.destination.port));
  const s = await run(() => sshProxy(w));
  const dest = "destination: a TCP echo server, not sshd";
  return [
    {
      name: `ssh-proxy echo round trip p50 (${ECHO_ROUNDS} × 64 B; ${dest})`,
      value: median(s.rtt),
      unit: "ms",
      reference: { name: "direct loopback TCP echo p50", value: median(d.rtt) },
      detail: { p99: percentile(s.rtt, 99), directP99: percentile(d.rtt, 99) },
    },
    {
      name: `ssh-proxy echo round trip p99 (${ECHO_ROUNDS} × 64 B)`,
      value: percentile(s.rtt, 99),
      unit: "ms",
      reference: { name: "direct loopback TCP echo p99", value: percentile(d.rtt, 99) },
    },
    {
      name: `ssh-proxy echoed throughput (${THROUGHPUT_MIB} MiB out and back; ${dest})`,
      value: s.mibps,
      unit: "MiB/s",
      reference: { name: "direct loopback TCP echo", value: d.mibps },
    },
  ];
}

const bench: BenchModule = {
  async run() {
    const w = await startTunnelWorld({
      instances: [{ instanceId: RDP_INSTANCE, name: "linux-1", platformType: "Linux" }],
    });
    for (const i of w.ssmOptions.instances) i.destination = w.destination;
    try {
      return await measure(w);
    } finally {
      await w.close();
    }
  },
};
export default bench;
