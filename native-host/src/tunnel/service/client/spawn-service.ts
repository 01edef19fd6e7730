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
 * V8 heap settings of the service process only (test/bench/service-memory.ts; issue 16, "Memory"):
 *
 * - Young generation (semi-spaces) capped at 1 MiB instead of up to 16: the data channel
 *   allocates a small buffer per 1 KiB message, and large semi-spaces let that garbage grow the
 *   heap (peak over a 20 MB echo: about 131 → 111 MiB at the same speed).
 * - Old generation capped at 256 MiB. Not a limit the service comes near (its live heap is about
 *   16 MiB with a tunnel open), but at or below 256 MiB (V8's heap-controller.h `kMinSize`,
 *   128 MB × 2 on 64-bit) V8 grows the heap by a factor of 1.3 between full collections instead
 *   of up to 4. The data channel's buffers that outlive a young collection (unacked upload
 *   messages) are freed only by a full one, so with the large factor they pile up to ~35 MiB of
 *   external memory before it runs; with 1.3 the same echo peaks about 30 MiB lower.
 *
 * NODE_OPTIONS reaches both `node bundle` and the single executable (a SEA reads it unless built
 * with `execArgvExtension: "none"`, nodejs.org/api/single-executable-applications.html); both
 * flags are on Node's NODE_OPTIONS allow-list. Set last, so they win over a caller's own.
 */
export const SERVICE_NODE_OPTIONS = "--max-semi-space-size=1 --max-old-space-size=256";

/**
 * The service's environment: the caller's, with the V8 settings above and, on Linux, glibc's
 * malloc held to 2 arenas (MALLOC_ARENA_MAX, glibc mallopt(3) M_ARENA_MAX; ignored elsewhere).
 * Node's helper threads otherwise each get an arena of their own whose freed pages stay resident:
 * 2–4 MiB of the busy peak (test/bench/service-memory.ts). A caller's own choice is kept.
 */
export function serviceEnv(env: NodeJS.ProcessEnv, platform = process.platform): NodeJS.ProcessEnv {
  return {
    ...env,
    ...(platform === "linux" && env.MALLOC_ARENA_MAX === undefined ? { MALLOC_ARENA_MAX: "2" } : {}),
    NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} ${SERVICE_NODE_OPTIONS}`.trim(),
  };
}

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
      env: serviceEnv(env),
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
