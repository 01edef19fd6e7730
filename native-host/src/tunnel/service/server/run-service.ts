/**
 * The `bastionless tunnel-service` process: log to the service log (its stdout/stderr are that
 * file), listen, and stop every tunnel (TerminateSession) on SIGTERM/SIGINT/SIGHUP before exiting.
 */
import os from "node:os";
import { createLogger } from "../../../config/log";
import { VERSION } from "../../../config/version";
import { prepareRuntimeDir, serviceEndpoint } from "../ipc/endpoint";
import { runnerDeps } from "./runner-deps";
import { DEFAULT_IDLE_MS, startTunnelService } from "./service-server";

/** BASTIONLESS_SERVICE_IDLE_MS: how long the service lingers with no tunnel (tests shorten it). */
function idleMs(env: NodeJS.ProcessEnv): number {
  const n = Number(env.BASTIONLESS_SERVICE_IDLE_MS);
  return Number.isInteger(n) && n >= 0 && n <= 3_600_000 ? n : DEFAULT_IDLE_MS;
}

/**
 * Drops the AWS and proxy settings the service inherited from whichever caller started it: each
 * tunnel runs with its own caller's settings (start.settings), and nothing may fall back to these
 * (issue 16 item 8). The SDK's own defaults then read an empty file instead of a caller's.
 */
export function forgetCallerSettings(env: NodeJS.ProcessEnv): void {
  // Kept: the SDK's Node-version warning switch and the machine's "no instance metadata here".
  const keep = /^AWS_(SDK_JS_NODE_VERSION_SUPPORT_WARNING|EC2_METADATA)_DISABLED$/;
  for (const k of Object.keys(env)) {
    if ((/^AWS_/.test(k) && !keep.test(k)) || /^(https?|no|all)_proxy$/i.test(k)) delete env[k];
  }
  env.AWS_CONFIG_FILE = os.devNull;
  env.AWS_SHARED_CREDENTIALS_FILE = os.devNull;
  env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = "true";
}

export async function runTunnelService(env: NodeJS.ProcessEnv): Promise<number> {
  forgetCallerSettings(env);
  const log = createLogger(
    (line) => process.stderr.write(line),
    env.BASTIONLESS_LOG_LEVEL === "debug" ? "debug" : "info",
  );
  const endpoint = serviceEndpoint(env);
  prepareRuntimeDir(endpoint.dir);
  const service = await startTunnelService({
    endpoint,
    log,
    version: VERSION,
    idleMs: idleMs(env),
    deps: () => runnerDeps(log, env),
  });
  if (service.status === "already-running") {
    log.info("another tunnel service is running; exiting", { address: endpoint.address });
    return 0;
  }
  const signals: NodeJS.Signals[] =
    process.platform === "win32" ? ["SIGINT", "SIGTERM"] : ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) process.once(s, () => void service.shutdown(s));
  await service.closed;
  log.info("service stopped", { pid: process.pid });
  return 0;
}
