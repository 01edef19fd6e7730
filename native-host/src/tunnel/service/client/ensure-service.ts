/**
 * Connect to the tunnel service, starting it when none runs. Two callers racing (the popup and
 * a CLI at once) must end with one service: starts are serialised by a lock folder in the
 * runtime dir, and each caller connects again once it holds the lock.
 */
import fs from "node:fs";
import path from "node:path";
import { BastionlessError, TunnelError } from "../../../errors";
import { prepareRuntimeDir, type ServiceEndpoint } from "../ipc/endpoint";
import { checkServiceEndpoint } from "../ipc/endpoint-trust";
import { ServiceConnection } from "./service-client";
import { spawnService } from "./spawn-service";

/** A lock older than this was left by a caller that died while starting the service. */
const STALE_LOCK_MS = 15_000;
/** How long a fresh service may take to listen (node start + bundle load, on a busy machine). */
const START_TIMEOUT_MS = 15_000;
const POLL_MS = 40;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The running service, or null when none answers (no spawning). The one door to the service:
 * a socket or folder that is not ours throws (endpoint-trust.ts) before anything connects to it.
 */
export async function connectService(endpoint: ServiceEndpoint): Promise<ServiceConnection | null> {
  if (checkServiceEndpoint(endpoint) === "absent") return null;
  try {
    return await ServiceConnection.connect(endpoint.address, endpoint.secret);
  } catch (err) {
    if (err instanceof BastionlessError) throw err; // SERVICE_NOT_AUTHENTIC: not "no service"
    return null;
  }
}

async function withSpawnLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, "spawn.lock");
  const deadline = Date.now() + STALE_LOCK_MS + START_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lock, { mode: 0o700 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw unavailable("another bastionless is starting it and did not finish");
      else await sleep(POLL_MS);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function unavailable(detail: string, logFile?: string): TunnelError {
  return new TunnelError("SERVICE_UNAVAILABLE", `The tunnel service could not be started: ${detail}.`, {
    hint: logFile
      ? `See ${logFile}; BASTIONLESS_RUNTIME_DIR moves its socket.`
      : "Try again; BASTIONLESS_RUNTIME_DIR moves its socket.",
  });
}

/** Connects to the service, starting it first when needed. */
export async function ensureService(
  endpoint: ServiceEndpoint,
  env: NodeJS.ProcessEnv,
): Promise<ServiceConnection> {
  const first = await connectService(endpoint);
  if (first) return first;
  prepareRuntimeDir(endpoint.dir);
  return withSpawnLock(endpoint.dir, async () => {
    const again = await connectService(endpoint);
    if (again) return again;
    const child = spawnService(endpoint, env);
    let exitCode: number | null | undefined;
    void child.exited.then((c) => (exitCode = c));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const conn = await connectService(endpoint);
      if (conn) return conn;
      if (exitCode !== undefined) throw unavailable(`it exited with code ${exitCode}`, endpoint.logFile);
      await sleep(POLL_MS);
    }
    throw unavailable(`it did not answer within ${START_TIMEOUT_MS / 1000} s`, endpoint.logFile);
  });
}

export const isServiceStopping = (err: unknown) => (err as { code?: string }).code === "SERVICE_STOPPING";

/**
 * Runs `attempt` once more when the service was leaving as we arrived (its idle exit,
 * service-server.ts): by then it has gone, and the next ensureService starts a fresh one. An
 * attempt closes the connection it was refused on.
 */
export async function onceMoreIfStopping<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (!isServiceStopping(err)) throw err;
    await sleep(100);
    return attempt();
  }
}
