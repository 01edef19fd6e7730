/**
 * The tunnel service: holds the tunnels so they outlive the CLI call and the browser's host
 * process (design §6), answers the line protocol of ipc-messages.ts on its local socket, pushes
 * tunnel.changed to subscribers, and exits once no tunnel is left for `idleMs`.
 */
import { randomBytes } from "node:crypto";
import net from "node:net";
import os from "node:os";
import { ValidationIssue } from "../../../../../contract/validate";
import type { Logger } from "../../../config/log";
import { TunnelError, toBastionlessError } from "../../../errors";
import { removeRdpDirs } from "../../../platform/rdp-temp-dirs";
import type { ServiceEndpoint } from "../ipc/endpoint";
import { IPC_VERSION, parseServiceRequest, type ServiceOps, type ServiceRequest } from "../ipc/ipc-messages";
import { encodeLine } from "../ipc/line-codec";
import { listenOnce } from "./listen";
import { RenewalBroker } from "./renewal-broker";
import {
  type ConnectionCounts,
  REAL_TIMERS,
  SERVICE_LIMITS,
  ServiceConnections,
  type ServiceLimits,
  type ServiceTimers,
} from "./service-connections";
import { newTunnelId } from "./tunnel-id";
import { type RunnerDeps, TunnelRunner } from "./tunnel-runner";
import { TunnelTable } from "./tunnel-table";

/** How long the service waits with no tunnel before it exits (a caller may be about to start one). */
export const DEFAULT_IDLE_MS = 5_000;
/** How often byte counters are refreshed into tunnel.changed events. */
const STATS_INTERVAL_MS = 1_000;

export interface ServiceOptions {
  endpoint: ServiceEndpoint;
  log: Logger;
  version: string;
  idleMs?: number;
  /** Connection bounds (service-connections.ts); tests shrink them and fire the timers. */
  limits?: ServiceLimits;
  timers?: ServiceTimers;
  /** AWS calls and engines; the table is created here. */
  deps(table: TunnelTable): Omit<RunnerDeps, "table">;
}

export interface RunningService {
  /** "already-running" when another service answered on the socket: this one did not start. */
  status: "listening" | "already-running";
  /** Resolves after the service has shut down and removed its socket. */
  closed: Promise<void>;
  shutdown(reason: string): Promise<void>;
  /** Open connections and how many were refused or dropped, by reason. */
  connectionCounts(): ConnectionCounts;
}

type Ops = {
  [O in keyof ServiceOps]: (p: ServiceOps[O]["params"], conn: net.Socket) => Promise<ServiceOps[O]["result"]>;
};

class TunnelService {
  private readonly table = new TunnelTable(
    () => new Date(),
    () => newTunnelId(),
  );
  private readonly deps: RunnerDeps;
  private readonly subscribers = new Set<net.Socket>();
  /** Renewal requests from CLIs to the browsers' native hosts (issue 12). */
  private readonly renewal = new RenewalBroker<net.Socket>(
    (conn, event) => this.connections.send(conn, encodeLine(event)),
    () => randomBytes(16).toString("hex"),
  );
  readonly connections: ServiceConnections;
  private readonly server = net.createServer((conn) => this.connections.accept(conn));
  private readonly stats = setInterval(() => this.refreshStats(), STATS_INTERVAL_MS).unref();
  private pendingStarts = 0;
  private startTurn: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  private markClosed!: () => void;
  readonly closed = new Promise<void>((r) => (this.markClosed = r));

  private readonly ops: Ops = {
    hello: async () => ({ version: this.opts.version, pid: process.pid, ipc: IPC_VERSION }),
    list: async () => ({ tunnels: this.table.list() }),
    subscribe: async (_p, conn) => {
      this.subscribers.add(conn);
      return { tunnels: this.table.list() };
    },
    start: (p) => this.start(p),
    stop: (p) => this.stop(p),
    "renewal.listen": async (_p, conn) => {
      const r = this.renewal.listen(conn);
      this.checkIdle();
      return r;
    },
    "renewal.request": async (p, conn) => this.renewal.request(p, conn),
    "renewal.report": async (p) => this.renewal.report(p),
  };

  constructor(private readonly opts: ServiceOptions) {
    this.deps = { ...opts.deps(this.table), table: this.table };
    this.connections = new ServiceConnections(
      opts.limits ?? SERVICE_LIMITS,
      opts.timers ?? REAL_TIMERS,
      opts.log,
      (value, conn) => this.receive(value, conn),
      (conn) => {
        this.subscribers.delete(conn);
        this.renewal.closed(conn);
        this.checkIdle();
      },
      opts.endpoint.secret,
    );
    this.table.onChange((tunnel) => {
      const line = encodeLine({ event: "tunnel.changed", tunnel });
      for (const s of this.subscribers) this.connections.send(s, line);
      // Gone from the table: the tunnel has ended, and so have the .rdp files written for it.
      if (!this.table.get(tunnel.id)) removeRdpDirs(os.tmpdir(), { tunnelId: tunnel.id });
      this.checkIdle();
    });
  }

  async listen(): Promise<RunningService["status"]> {
    const status = await listenOnce(this.server, this.opts.endpoint);
    if (status === "already-running") {
      clearInterval(this.stats);
      this.markClosed();
    } else {
      this.opts.log.info("service listening", {
        address: this.opts.endpoint.address,
        pid: process.pid,
        version: this.opts.version,
      });
      this.checkIdle();
    }
    return status;
  }

  private async start(p: ServiceOps["start"]["params"]) {
    // A caller that connected just as the idle timer fired must not get a tunnel that dies with us.
    if (this.closing)
      throw new TunnelError("SERVICE_STOPPING", "The tunnel service is shutting down.", {
        hint: "Run the command again.",
      });
    this.pendingStarts++;
    this.checkIdle();
    try {
      // One start at a time until its tunnel is in the table, so two Connects at once (a double
      // click, two terminals) get one tunnel; the opening itself runs alongside.
      const turn = this.startTurn.then(async () => {
        const same = await this.reuse(p);
        return same ? { opened: same.current() } : new TunnelRunner(p, this.deps).begin();
      });
      this.startTurn = turn.catch(() => undefined);
      return await (await turn).opened;
    } finally {
      this.pendingStarts--;
      this.checkIdle();
    }
  }

  /**
   * The open tunnel a second Connect to the same instance and port gets instead of a second
   * session (issue 11), when it is in the same region and the profile still holds the keys of the
   * account and role the tunnel started with. The caller launches its client again.
   */
  private async reuse(p: ServiceOps["start"]["params"]): Promise<TunnelRunner | null> {
    const same = this.table
      .all()
      .flatMap((e) => (e.owner instanceof TunnelRunner && e.owner.serves(p) ? [e] : []));
    if (!same.length) return null;
    const scope = { profile: p.profile, region: p.region, settings: p.settings };
    const region = await this.deps.aws.region(scope);
    const identity = await this.deps.aws.identity({ ...scope, region }).catch(() => null);
    const e = same.find((x) => x.info.region === region && x.info.roleArn === (identity?.roleArn ?? null));
    if (!e) return null;
    this.opts.log.info("tunnel reused", { tunnel: e.info.id });
    return e.owner as TunnelRunner;
  }

  private async stop(p: ServiceOps["stop"]["params"]) {
    const entries = p.all ? this.table.all() : [this.table.get(p.id!)].filter((e) => e !== undefined);
    if (!p.all && !entries.length) {
      throw new TunnelError("TUNNEL_NOT_FOUND", `No tunnel has the id "${p.id}".`, {
        hint: "Run `bastionless tunnels` to see the ids.",
      });
    }
    await Promise.all(entries.map((e) => e.owner.stop()));
    return { stopped: entries.map((e) => e.info.id) };
  }

  private checkIdle(): void {
    // A native host listening for renewal requests keeps the service up: a CLI must find it.
    const idle =
      this.table.size === 0 && this.pendingStarts === 0 && this.renewal.listening === 0 && !this.closing;
    if (idle && !this.idleTimer) {
      this.idleTimer = setTimeout(
        () => void this.shutdown("no tunnels left"),
        this.opts.idleMs ?? DEFAULT_IDLE_MS,
      );
    } else if (!idle && this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
  }

  private refreshStats(): void {
    for (const e of this.table.all()) {
      const s = e.owner.stats();
      if (s) this.table.updateStats(e.info.id, s);
    }
  }

  private receive(value: unknown, conn: net.Socket): void {
    let req: ServiceRequest;
    try {
      req = parseServiceRequest(value);
    } catch (err) {
      const message = err instanceof ValidationIssue ? err.message : "Invalid request.";
      const id = typeof (value as { id?: unknown })?.id === "number" ? (value as { id: number }).id : null;
      this.connections.send(conn, encodeLine({ id, ok: false, error: { code: "BAD_REQUEST", message } }));
      return;
    }
    void this.serve(req, conn);
  }

  private async serve(req: ServiceRequest, conn: net.Socket): Promise<void> {
    try {
      const result = await (this.ops[req.op] as (p: unknown, c: net.Socket) => Promise<unknown>)(
        req.params,
        conn,
      );
      this.connections.send(conn, encodeLine({ id: req.id, ok: true, result }));
    } catch (err) {
      const e = toBastionlessError(err);
      if (e.code === "INTERNAL") this.opts.log.error("request failed", { op: req.op, error: err });
      this.connections.send(
        conn,
        encodeLine({ id: req.id, ok: false, error: { ...e.toJSON(), exit: e.exitCode } }),
      );
    }
  }

  /** Stops every tunnel (TerminateSession), closes the socket (Node removes the file) and ends. */
  shutdown(reason: string): Promise<void> {
    this.closing ??= (async () => {
      this.opts.log.info("service stopping", { reason, tunnels: this.table.size });
      if (this.idleTimer) clearTimeout(this.idleTimer);
      clearInterval(this.stats);
      await Promise.all(this.table.all().map((e) => e.owner.stop()));
      await new Promise<void>((r) => {
        this.server.close(() => r());
        for (const c of this.connections.all()) c.destroy();
      });
      this.markClosed();
    })();
    return this.closing;
  }
}

export async function startTunnelService(opts: ServiceOptions): Promise<RunningService> {
  const service = new TunnelService(opts);
  const status = await service.listen();
  return {
    status,
    closed: service.closed,
    shutdown: (reason) => service.shutdown(reason),
    connectionCounts: () => ({ ...service.connections.counts }),
  };
}
