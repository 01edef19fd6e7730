/**
 * Host start-up: spawn → first `hello` reply over real stdin/stdout frames, and spawn → exit of
 * `--version`, for the node bundle and the single executable (built here when missing), beside
 * `node -e 0` measured in the same run. Runs are interleaved so load on the shared machine hits
 * every variant alike.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { encodeFrame, FrameDecoder } from "../../native-host/src/protocol/framing";
import { CACHE_DIR } from "../../scripts/package-base";
import { nativeTarget } from "../../scripts/package-targets";
import { HOST_BUNDLE, ROOT, TEST_ORIGIN } from "../support/host-process";
import { makeSandbox } from "../support/sandbox";
import { median, percentile } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const RUNS = Number(process.env.BENCH_STARTUP_RUNS || 25);
const SEA = path.join(ROOT, "dist", process.platform === "win32" ? "bastionless.exe" : "bastionless");

type Cmd = { exe: string; args: string[] };

/** ms from spawn to the first complete frame on stdout (hello) or to exit (no frame expected). */
function timeOnce(cmd: Cmd, env: NodeJS.ProcessEnv, hello: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd.exe, cmd.args, { env, stdio: ["pipe", "pipe", "ignore"] });
    const elapsed = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const decoder = new FrameDecoder();
    child.on("error", reject);
    child.stdin.on("error", () => {});
    if (hello) {
      child.stdout.on("data", (chunk: Buffer) => {
        const [frame] = decoder.push(chunk);
        if (!frame) return;
        const ms = elapsed();
        child.stdin.end();
        if (frame.kind !== "message" || !(frame.value as { ok?: boolean }).ok)
          reject(new Error(`bad hello reply from ${cmd.exe}`));
        else resolve(ms);
      });
      child.stdin.write(encodeFrame({ id: 1, type: "hello" }));
    } else {
      child.stdout.resume();
      child.stdin.end();
    }
    child.on("exit", (code) =>
      hello
        ? setTimeout(() => reject(new Error(`${cmd.exe} exited ${code} before replying`)), 100)
        : resolve(elapsed()),
    );
  });
}

/** The Node 24 binary the SEA was built from, when the package script has cached it. */
function seaBase(): string | null {
  const t = nativeTarget();
  const bin = t && path.join(CACHE_DIR, `${t.pkg}-${t.version}`, t.binInTarball);
  return bin && fs.existsSync(bin) ? bin : null;
}

async function ensureSea(): Promise<string | null> {
  // Rebuilt when older than the bundle (npm run bench builds the bundle first).
  if (fs.existsSync(SEA) && fs.statSync(SEA).mtimeMs >= fs.statSync(HOST_BUNDLE).mtimeMs) return SEA;
  try {
    const { buildNative } = await import("../../scripts/package-sea");
    return await buildNative({ build: !fs.existsSync(HOST_BUNDLE) });
  } catch (err) {
    process.stderr.write(`host-startup: single executable not built: ${(err as Error).message}\n`);
    return null;
  }
}

function result(name: string, xs: number[], ref: number[], target?: string): BenchResult {
  return {
    name: `${name} (median of ${xs.length})`,
    value: median(xs),
    unit: "ms",
    reference: { name: "node -e 0", value: median(ref) },
    ...(target ? { target } : {}),
    detail: {
      p90: percentile(xs, 90),
      p99: percentile(xs, 99),
      min: Math.min(...xs),
      samples: xs.map((x) => Math.round(x * 10) / 10),
    },
  };
}

const bench: BenchModule = {
  async run() {
    const box = makeSandbox();
    // Installed the way users install it, so each start checks its caller against the install
    // records on disk, as a browser launch does (not against a variable that skips the files).
    const id = TEST_ORIGIN.replace(/^chrome-extension:\/\/|\/$/g, "");
    execFileSync(process.execPath, [HOST_BUNDLE, "install", "--browser", "chromium", "--extension-id", id], {
      env: box.env,
      stdio: "ignore",
    });
    try {
      const sea = await ensureSea();
      const variants: Array<{ key: string; cmd: Cmd; hello: boolean }> = [
        { key: "node -e 0", cmd: { exe: process.execPath, args: ["-e", "0"] }, hello: false },
        {
          key: "bundle hello",
          cmd: { exe: process.execPath, args: [HOST_BUNDLE, TEST_ORIGIN] },
          hello: true,
        },
        {
          key: "bundle --version",
          cmd: { exe: process.execPath, args: [HOST_BUNDLE, "--version"] },
          hello: false,
        },
      ];
      const base = seaBase();
      if (base) variants.push({ key: "node24 -e 0", cmd: { exe: base, args: ["-e", "0"] }, hello: false });
      if (sea) {
        variants.push({ key: "sea hello", cmd: { exe: sea, args: [TEST_ORIGIN] }, hello: true });
        variants.push({ key: "sea --version", cmd: { exe: sea, args: ["--version"] }, hello: false });
      }
      const samples: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.key, []]));
      for (const v of variants) await timeOnce(v.cmd, box.env, v.hello); // warm the page cache
      for (let i = 0; i < RUNS; i++) {
        for (const v of variants) samples[v.key]!.push(await timeOnce(v.cmd, box.env, v.hello));
      }
      const ref = samples["node -e 0"]!;
      const out = [
        result("host start → hello, node dist/host/bastionless.cjs", samples["bundle hello"]!, ref),
        result("--version, node dist/host/bastionless.cjs", samples["bundle --version"]!, ref),
      ];
      if (sea) {
        const size = `${(fs.statSync(sea).size / 1e6).toFixed(1)} MB`;
        // The SEA runs Node 24, so its own runtime's `-e 0` is the floor it is compared with too.
        const floor = samples["node24 -e 0"]?.length
          ? { "node24 -e 0 (SEA base, median)": median(samples["node24 -e 0"]!) }
          : {};
        const hello = result("host start → hello, single executable", samples["sea hello"]!, ref, "≤ 40 ms");
        out.push({ ...hello, detail: { ...hello.detail, size, ...floor } });
        out.push(result("--version, single executable", samples["sea --version"]!, ref));
        if (samples["node24 -e 0"]?.length) {
          // The floor: the single executable's own runtime doing nothing; what is above it is ours.
          const n24 = samples["node24 -e 0"]!;
          out.push({
            ...result("node 24 -e 0, the single executable's runtime", n24, ref),
            target: "floor for the ≤ 40 ms target",
          });
        }
      } else {
        out.push({
          name: "host start → hello, single executable: not built",
          value: Number.NaN,
          unit: "ms",
          target: "≤ 40 ms",
        });
      }
      return out;
    } finally {
      box.cleanup();
    }
  },
};
export default bench;
