/**
 * `bastionless credential-process` cold, cache hit (issue 12): spawn → exit with the JSON on
 * stdout, for the node bundle, beside `node -e 0` and the bundle's `--version` measured in the
 * same run, interleaved so load on the shared machine hits each alike. The cache holds keys valid
 * for an hour (no renewal is asked).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { cacheText } from "../../native-host/src/aws/files/credential-cache";
import { credentialCachePath } from "../../native-host/src/config/paths";
import { HOST_BUNDLE } from "../support/host-process";
import { makeSandbox } from "../support/sandbox";
import { median } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const RUNS = Number(process.env.BENCH_STARTUP_RUNS || 25);

function timeOnce(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; out: string }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, out })
        : reject(new Error(`exit ${code}`)),
    );
  });
}

async function run(): Promise<BenchResult[]> {
  const sb = makeSandbox();
  try {
    const file = credentialCachePath(sb.env);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const now = new Date();
    fs.writeFileSync(
      file,
      cacheText({
        work: {
          accessKeyId: "ASIAEXAMPLEEXAMPLE12",
          secretAccessKey: "s".repeat(40),
          sessionToken: "t".repeat(400),
          expiration: new Date(now.getTime() + 3600_000).toISOString(),
          accountId: "111122223333",
          roleArn: "arn:aws:iam::111122223333:role/Admin",
          principalArn: "arn:aws:iam::111122223333:saml-provider/Entra",
          region: "us-east-1",
          sourceId: null,
          writtenAt: now.toISOString(),
        },
      }),
      { mode: 0o600 },
    );
    const variants = {
      cp: [HOST_BUNDLE, "credential-process", "--profile", "work"],
      node: ["-e", "0"],
      version: [HOST_BUNDLE, "--version"],
    };
    const times: Record<keyof typeof variants, number[]> = { cp: [], node: [], version: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const k of Object.keys(variants) as Array<keyof typeof variants>) {
        const r = await timeOnce(variants[k], sb.env);
        if (k === "cp" && !r.out.includes('"Version":1'))
          throw new Error("credential-process printed no keys");
        times[k].push(r.ms);
      }
    }
    const cp = median(times.cp);
    return [
      {
        name: `credential-process cold, cache hit, node dist/host/bastionless.cjs (median of ${RUNS})`,
        value: cp,
        unit: "ms",
        reference: { name: "node -e 0", value: median(times.node) },
        detail: { samples: times.cp },
      },
      {
        name: `credential-process cold against the bundle's --version (median of ${RUNS})`,
        value: cp,
        unit: "ms",
        reference: { name: "bastionless --version", value: median(times.version) },
      },
    ];
  } finally {
    sb.cleanup();
  }
}

const bench: BenchModule = { run };
export default bench;
