/**
 * A CLI's renewal request through the tunnel service (issue 12, docs/renewal.md): connect to the
 * running service (never start one: no service means no browser is listening), ask it to pass
 * `renewal.requested` to the listening native hosts, and hand back the report when one comes.
 */
import { serviceEndpoint } from "../ipc/endpoint";
import { noBrowser, type RenewalAsk, type RenewalReportedEvent } from "../ipc/renewal-ops";
import { connectService } from "./ensure-service";

/** The line protocol version that brought the renewal ops (ipc-messages.ts IPC_VERSION). */
const RENEWAL_IPC = 4;

export interface RenewalChannel {
  requestId: string;
  /** How many browsers were asked. */
  listeners: number;
  /** The first report for this request (never rejects; a lost service resolves `lost`). */
  reported: Promise<RenewalReportedEvent | "lost">;
  close(): void;
}

export async function askRenewal(env: NodeJS.ProcessEnv, ask: RenewalAsk): Promise<RenewalChannel> {
  const conn = await connectService(serviceEndpoint(env));
  if (!conn) throw noBrowser("no bastionless tunnel service is running");
  let report!: (r: RenewalReportedEvent | "lost") => void;
  const reported = new Promise<RenewalReportedEvent | "lost">((r) => (report = r));
  let requestId: string | null = null;
  const early: RenewalReportedEvent[] = [];
  conn.onEvent = (e) => {
    if (e.event !== "renewal.reported") return;
    if (requestId === null) early.push(e);
    else if (e.requestId === requestId) report(e);
  };
  conn.onClose = () => report("lost");
  try {
    const hello = await conn.request("hello", {});
    if ((hello.ipc ?? 1) < RENEWAL_IPC)
      throw noBrowser(`the running tunnel service is bastionless ${hello.version}`);
    const r = await conn.request("renewal.request", ask);
    requestId = r.requestId;
    const first = early.find((e) => e.requestId === r.requestId);
    if (first) report(first);
    return { requestId: r.requestId, listeners: r.listeners, reported, close: () => conn.close() };
  } catch (err) {
    conn.close();
    throw err;
  }
}
