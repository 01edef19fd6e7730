/**
 * Runs the built `bastionless` CLI as its own process (asynchronously, so an in-process fake STS
 * keeps answering) and collects exit code and output. Kills it if it outlives `timeoutMs` (null:
 * no bound of its own, for tests whose only clock must be the test runner's).
 */
import { type SpawnOptions, spawn } from "node:child_process";
import { HOST_BUNDLE } from "../support/host-process";

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: {
    stdin?: string;
    timeoutMs?: number | null;
    prefix?: string[];
    spawn?: SpawnOptions;
    bundle?: string;
  } = {},
): Promise<CliRun> {
  const [cmd, ...pre] = opts.prefix ?? [process.execPath];
  const child = spawn(
    cmd!,
    [...pre, ...(opts.prefix ? [process.execPath] : []), opts.bundle ?? HOST_BUNDLE, ...args],
    {
      env,
      stdio: ["pipe", "pipe", "pipe"],
      ...opts.spawn,
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  child.stdin!.on("error", () => {});
  child.stdin!.end(opts.stdin ?? "");
  const timer =
    opts.timeoutMs === null ? undefined : setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
