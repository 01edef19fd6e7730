/**
 * A newer bastionless meeting an older running tunnel service (or the other way round): the
 * versions are compared through `hello.ipc` before a tunnel is asked for, so a request the other
 * side would misread is never sent (issue 16). An idle service of another version is asked to
 * leave (SIGTERM, as `bastionless stop` would leave it) and a current one started; one that
 * holds tunnels is left alone and the caller gets a coded error saying what to do.
 */
import { VERSION } from "../../../config/version";
import { TunnelError } from "../../../errors";
import type { ServiceEndpoint } from "../ipc/endpoint";
import { IPC_VERSION } from "../ipc/ipc-messages";
import { connectService, ensureService } from "./ensure-service";
import type { ServiceConnection } from "./service-client";

/** An idle service exits in well under a second after SIGTERM; this bounds a stuck one. */
const LEAVE_TIMEOUT_MS = 15_000;
const POLL_MS = 50;

function mismatch(version: string, detail: string): TunnelError {
  return new TunnelError(
    "SERVICE_VERSION_MISMATCH",
    `The running tunnel service is bastionless ${version.slice(0, 64)}, this is ${VERSION}: ${detail}.`,
    { hint: "Stop its tunnels with `bastionless stop --all` (it then exits), then run this again." },
  );
}

/** Whether `conn` is a service that speaks this bastionless's IPC version. */
export async function speaksOurVersion(conn: ServiceConnection): Promise<boolean> {
  return (await conn.request("hello", {})).ipc === IPC_VERSION;
}

/** Asks an idle service of another version to leave; refuses when it still holds tunnels. */
async function replaceIdle(conn: ServiceConnection, endpoint: ServiceEndpoint): Promise<void> {
  const hello = await conn.request("hello", {});
  const { tunnels } = await conn.request("list", {});
  conn.close();
  if (tunnels.length) throw mismatch(hello.version, `it holds ${tunnels.length} tunnel(s)`);
  try {
    process.kill(hello.pid, "SIGTERM");
  } catch {
    // already gone
  }
  const deadline = Date.now() + LEAVE_TIMEOUT_MS;
  for (;;) {
    const still = await connectService(endpoint);
    if (!still) return;
    still.close();
    if (Date.now() > deadline) throw mismatch(hello.version, "it did not stop when asked");
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** ensureService, and a service of this version: what a caller needs before `start`. */
export async function ensureCurrentService(
  endpoint: ServiceEndpoint,
  env: NodeJS.ProcessEnv,
): Promise<ServiceConnection> {
  const conn = await ensureService(endpoint, env);
  if (await speaksOurVersion(conn)) return conn;
  await replaceIdle(conn, endpoint);
  const next = await ensureService(endpoint, env);
  if (await speaksOurVersion(next)) return next;
  const { version } = await next.request("hello", {});
  next.close();
  throw mismatch(version, "another bastionless started it again");
}
