/**
 * The tunnel service: holds the tunnels so they outlive the CLI call and the browser's host
 * process (design §6), answers the line protocol of ipc-messages.ts on its local socket, pushes
 * tunnel.changed to subscribers, and exits once no tunnel is left for `idleMs`.
 */
import net from "node:net";
import type { Logger } from "../../config/log";
import { TunnelError, toBastionlessError } from "../../errors";
import { ValidationIssue } from "../../protocol/validate";
import type { ServiceEndpoint } from "./endpoint";
import { parseServiceRequest, type ServiceOps, type ServiceRequest } from "./ipc-messages";
import { encodeLine, LineDecoder } from "./line-codec";
import { listenOnce } from "./listen";
import { type RunnerDeps, TunnelRunner } from "./tunnel-runner";
import { TunnelTable } from "./tunnel-table";
import { newTunnelId } from "./tunnel-id";

/** How long the service waits with no tunnel before it exits (a caller may be about to start one). */
export const DEFAULT_IDLE_MS = 5_000;
/** How often byte counters are refreshed into tunnel.changed events. */
const STATS_INTERVAL_MS = 1_000;

export interface ServiceOptions {
  endpoint: ServiceEndpoint;
  log: Logger;
  version: string;
  idleMs?: number;
  /** AWS calls and engines; the table is created here. */
  deps(table: TunnelTable): Omit<RunnerDeps, "table">;
}

export interface RunningService {
  /** "already-running" when another service answered on the socket: this one did not start. */
  status: "listening" | "already-running";
  /** Resolves after the service has shut down and removed its socket. */
  closed: Promise<void>;
  shutdown(reason: string): Promise<void>;
}

export async function startTunnelService(opts: ServiceOptions): Promise<RunningService> {
  const table = new TunnelTable(() => new Date(), () => newTunnelId());
  const deps: RunnerDeps = { ...opts.deps(table), table };
  const subscribers = new Set<net.Socket>();
  const connections = new Set<net.Socket>();
  let pendingStarts = 0;
  let idleTimer: NodeJS.Timeout | null = null;
  let closing: Promise<void> | null = null;
  let markClosed!: () => void;
  const closed = new Promise<void>((r) => (markClosed = r));

  const ops: { [O in keyof ServiceOps]: (p: ServiceOps[O]["params"], conn: net.Socket) => Promise<ServiceOps[O]["result"]> } = {
    hello: async () => ({ version: opts.version, pid: process.pid }),
    list: async () => ({ tunnels: table.list() }),
    subscribe: async (_p, conn) => {
      subscribers.add(conn);
      return { tunnels: table.list() };
    },
    start: async (p) => {
      pendingStarts++;
      checkIdle();
      try {
        return await new TunnelRunner(p, deps).start();
      } finally {
        pendingStarts--;
        checkIdle();
      }
    },
    stop: async (p) => {
      const entries = p.all ? table.all() : [table.get(p.id!)].filter((e) => e !== undefined);
      if (!p.all && !entries.length) {
        throw new TunnelError("TUNNEL_NOT_FOUND", `No tunnel has the id "${p.id}".`, { hint: "Run `bastionless tunnels` to see the ids." });
      }
      await Promise.all(entries.map((e) => e.owner.stop()));
      return { stopped: entries.map((e) => e.info.id) };
    },
  };

  table.onChange((tunnel) => {
    const line = encodeLine({ event: "tunnel.changed", tunnel });
    for (const s of subscribers) if (!s.destroyed) s.write(line);
    checkIdle();
  });

  function checkIdle(): void {
    const idle = table.size === 0 && pendingStarts === 0 && !closing;
    if (idle && !idleTimer) {
      idleTimer = setTimeout(() => void shutdown("no tunnels left"), opts.idleMs ?? DEFAULT_IDLE_MS);
    } else if (!idle && idleTimer) {
      clearTimeout(idleTimer);
      idleTimer = null;
    }
  }

  async function serve(req: ServiceRequest, conn: net.Socket): Promise<void> {
    try {
      const result = await (ops[req.op] as (p: unknown, c: net.Socket) => Promise<unknown>)(req.params, conn);
      if (!conn.destroyed) conn.write(encodeLine({ id: req.id, ok: true, result }));
    } catch (err) {
      const e = toBastionlessError(err);
      if (e.code === "INTERNAL") opts.log.error("request failed", { op: req.op, error: err });
      if (!conn.destroyed) conn.write(encodeLine({ id: req.id, ok: false, error: { ...e.toJSON(), exit: e.exitCode } }));
    }
  }

  const server = net.createServer((conn) => {
    connections.add(conn);
    const decoder = new LineDecoder();
    conn.on("data", (chunk: Buffer) => {
      for (const line of decoder.push(chunk)) {
        if (line.kind === "error") {
          conn.end(encodeLine({ id: null, ok: false, error: { code: line.code, message: "The request was not one JSON line." } }));
          return;
        }
        let req: ServiceRequest;
        try {
          req = parseServiceRequest(line.value);
        } catch (err) {
          const message = err instanceof ValidationIssue ? err.message : "Invalid request.";
          const id = typeof (line.value as { id?: unknown })?.id === "number" ? (line.value as { id: number }).id : null;
          conn.write(encodeLine({ id, ok: false, error: { code: "BAD_REQUEST", message } }));
          continue;
        }
        void serve(req, conn);
      }
    });
    conn.on("error", () => conn.destroy());
    conn.on("close", () => {
      connections.delete(conn);
      subscribers.delete(conn);
    });
  });

  const stats = setInterval(() => {
    for (const e of table.all()) {
      const s = e.owner.stats();
      if (s) table.updateStats(e.info.id, s);
    }
  }, STATS_INTERVAL_MS);
  stats.unref();

  function shutdown(reason: string): Promise<void> {
    closing ??= (async () => {
      opts.log.info("service stopping", { reason, tunnels: table.size });
      if (idleTimer) clearTimeout(idleTimer);
      clearInterval(stats);
      await Promise.all(table.all().map((e) => e.owner.stop()));
      await new Promise<void>((r) => {
        server.close(() => r());
        for (const c of connections) c.destroy();
      });
      markClosed();
    })();
    return closing;
  }

  const status = await listenOnce(server, opts.endpoint);
  if (status === "already-running") {
    clearInterval(stats);
    markClosed();
  } else {
    opts.log.info("service listening", { address: opts.endpoint.address, pid: process.pid, version: opts.version });
    checkIdle();
  }
  return { status, closed, shutdown };
}
