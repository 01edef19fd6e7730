/**
 * The `bastionless tunnel-service` process: log to the service log (its stdout/stderr are that
 * file), listen, and stop every tunnel (TerminateSession) on SIGTERM/SIGINT/SIGHUP before exiting.
 */
import { createLogger } from "../../config/log";
import { VERSION } from "../../config/version";
import { prepareRuntimeDir, serviceEndpoint } from "./endpoint";
import { runnerDeps } from "./runner-deps";
import { DEFAULT_IDLE_MS, startTunnelService } from "./service-server";

/** BASTIONLESS_SERVICE_IDLE_MS: how long the service lingers with no tunnel (tests shorten it). */
function idleMs(env: NodeJS.ProcessEnv): number {
  const n = Number(env.BASTIONLESS_SERVICE_IDLE_MS);
  return Number.isInteger(n) && n >= 0 && n <= 3_600_000 ? n : DEFAULT_IDLE_MS;
}

export async function runTunnelService(env: NodeJS.ProcessEnv): Promise<number> {
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
