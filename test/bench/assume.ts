/**
 * `assume` latency against the fake STS: the CLI as a process end to end (spawn → profile written
 * → exit), beside `node -e 0`; and in-process AssumeRoleWithSAML + locked file write, beside a
 * bare HTTP POST of the same request to the same fake. Runs are interleaved so load on the
 * shared machine hits both sides alike.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { assumeFromSaml } from "../../native-host/src/aws/assume-from-saml";
import { silentLogger } from "../../native-host/src/config/log";
import { startFakeSts } from "../fakes/sts/index";
import { makeSamlResponse, role } from "../fixtures/saml";
import { HOST_BUNDLE } from "../support/host-process";
import { makeSandbox } from "../support/sandbox";
import { median, percentile } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const RUNS = Number(process.env.BENCH_ASSUME_RUNS || 25);
const IN_PROCESS_RUNS = RUNS * 4;
const ADMIN = role("111122223333", "Admin");

function timeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(Number(process.hrtime.bigint() - t0) / 1e6)
        : reject(new Error(`${args.join(" ")} exited ${code}`)),
    );
  });
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function stats(xs: number[]) {
  return { median: median(xs), p99: percentile(xs, 99), min: Math.min(...xs), runs: xs.length };
}

const bench: BenchModule = {
  async run(): Promise<BenchResult[]> {
    if (!fs.existsSync(HOST_BUNDLE)) throw new Error("build first: npx webpack --mode production");
    const sts = await startFakeSts();
    const sb = makeSandbox({ AWS_ENDPOINT_URL_STS: sts.url });
    const saved = process.env.AWS_ENDPOINT_URL_STS;
    try {
      const { base64 } = makeSamlResponse({ roles: [ADMIN], notOnOrAfter: new Date(Date.now() + 3_600_000) });
      const samlFile = path.join(sb.dir, "saml.txt");
      fs.writeFileSync(samlFile, base64);
      const cli: number[] = [];
      const nodeRef: number[] = [];
      const version: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        nodeRef.push(await timeProcess(["-e", "0"], sb.env));
        version.push(await timeProcess([HOST_BUNDLE, "--version"], sb.env));
        cli.push(
          await timeProcess(
            [HOST_BUNDLE, "assume", "--saml-file", samlFile, "--profile", `bench-${i % 5}`],
            sb.env,
          ),
        );
      }
      // In-process: the SDK reads its endpoint from process.env, as in the product.
      process.env.AWS_ENDPOINT_URL_STS = sts.url;
      const body = new URLSearchParams({
        Action: "AssumeRoleWithSAML",
        Version: "2011-06-15",
        RoleArn: ADMIN.roleArn,
        PrincipalArn: ADMIN.principalArn,
        SAMLAssertion: base64,
        DurationSeconds: "3600",
      }).toString();
      const inProc: number[] = [];
      const post: number[] = [];
      await assumeFromSaml({ samlResponse: base64 }, sb.env, silentLogger);
      for (let i = 0; i < IN_PROCESS_RUNS; i++) {
        post.push(
          await timeAsync(() =>
            fetch(sts.url, {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded" },
              body,
            }).then((r) => r.text()),
          ),
        );
        inProc.push(
          await timeAsync(() =>
            assumeFromSaml({ samlResponse: base64, profile: `inproc-${i % 5}` }, sb.env, silentLogger),
          ),
        );
      }
      return [
        {
          name: `assume CLI process, end to end (median of ${RUNS})`,
          value: median(cli),
          unit: "ms",
          reference: { name: "node -e 0", value: median(nodeRef) },
          detail: { cli: stats(cli), nodeE0: stats(nodeRef), version: stats(version) },
        },
        {
          name: `assume CLI process beyond host start-up (median of ${RUNS})`,
          value: median(cli) - median(version),
          unit: "ms",
          reference: { name: "bastionless --version", value: median(version) },
        },
        {
          name: `assume CLI process, p99 of ${RUNS}`,
          value: percentile(cli, 99),
          unit: "ms",
          reference: { name: "node -e 0 p99", value: percentile(nodeRef, 99) },
        },
        {
          name: `in-process AssumeRoleWithSAML + locked write of both files (median of ${IN_PROCESS_RUNS})`,
          value: median(inProc),
          unit: "ms",
          reference: { name: "bare HTTP POST to the same fake", value: median(post) },
          detail: { inProcess: stats(inProc), barepost: stats(post) },
        },
      ];
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
      else process.env.AWS_ENDPOINT_URL_STS = saved;
      await sts.close();
      sb.cleanup();
    }
  },
};
export default bench;
