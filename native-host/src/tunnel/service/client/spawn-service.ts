/**
 * Starting the tunnel service in the background: the same program with the hidden
 * `tunnel-service` command, detached from the caller (so it outlives the CLI and the browser's
 * host process), output to a log file, environment inherited (AWS_* settings carry over).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { logFileProblem, rotateLog } from "../../../config/log-file";
import { selfCommand } from "../../../platform/self-command";
import type { ServiceEndpoint } from "../ipc/endpoint";

export interface SpawnedService {
  pid: number | undefined;
  /** Resolves with the exit code if the service exits while we wait for it. */
  exited: Promise<number | null>;
}

/**
 * V8's young generation (semi-spaces) capped at 1 MiB instead of up to 16: the data channel
 * allocates a small buffer per 1 KiB message, and large semi-spaces let that garbage grow the
 * heap. Peak RSS over a 20 MB echo went from about 131 to 111 MiB at the same speed
 * (test/bench/service-memory.ts). NODE_OPTIONS reaches both `node bundle` and the single
 * executable.
 */
const SERVICE_NODE_OPTIONS = "--max-semi-space-size=1";

/**
 * The service's output: its log file (log-file.ts's rule, as for host.log), rotated when a
 * service starts since the output is the file itself; "ignore" when another user owns the file,
 * so nothing of ours is written where they can read it.
 */
export function openServiceLog(file: string): number | "ignore" {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (logFileProblem(file)) return "ignore";
  rotateLog(file);
  return fs.openSync(file, "a", 0o600);
}

export function spawnService(endpoint: ServiceEndpoint, env: NodeJS.ProcessEnv): SpawnedService {
  const log = openServiceLog(endpoint.logFile);
  try {
    const [exe, ...pre] = selfCommand();
    const child = spawn(exe!, [...pre, "tunnel-service"], {
      detached: true,
      stdio: ["ignore", log, log],
      env: { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} ${SERVICE_NODE_OPTIONS}`.trim() },
      windowsHide: true,
      // The service must not keep the caller's folder busy (Windows) or depend on it.
      cwd: path.dirname(endpoint.logFile),
    });
    const exited = new Promise<number | null>((resolve) => {
      child.once("exit", (code) => resolve(code));
      child.once("error", () => resolve(-1));
    });
    child.unref();
    return { pid: child.pid, exited };
  } finally {
    if (log !== "ignore") fs.closeSync(log);
  }
}
