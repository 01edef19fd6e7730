/**
 * The native host's line to the tunnel service. One connection per host process, subscribed to
 * tunnel.changed so the popup sees every change while the conversation lasts. The socket is
 * unref'd between requests: the host must still exit when the browser closes its stdin.
 */
import type { HostEvent } from "../../../../../contract/events";
import { serviceEndpoint } from "../ipc/endpoint";
import type { ServiceOp, ServiceOps } from "../ipc/ipc-messages";
import { connectService, isServiceStopping, onceMoreIfStopping } from "./ensure-service";
import type { ServiceConnection } from "./service-client";
import { ensureCurrentService, speaksOurVersion } from "./service-version";

export class ServiceLink {
  private conn: ServiceConnection | null = null;
  /** Whether `conn` speaks this version's IPC (service-version.ts); only such a one gets `start`. */
  private current = false;
  private connecting: Promise<ServiceConnection | null> | null = null;
  private emit: ((e: HostEvent) => void) | null = null;
  /** Whether this host takes renewal requests (renewal.listen), so a new connection does too. */
  private listening = false;

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** Where tunnel.changed events go (the conversation's ctx.emit). */
  setEmitter(emit: (e: HostEvent) => void): void {
    this.emit = emit;
  }

  /**
   * Sends one request. With `spawn` the service is started when none runs (tunnel.start);
   * without it, null means no service, hence no tunnels.
   */
  request<O extends ServiceOp>(
    op: O,
    params: ServiceOps[O]["params"],
    spawn: boolean,
  ): Promise<ServiceOps[O]["result"] | null> {
    return onceMoreIfStopping(async () => {
      const conn = await this.connection(spawn);
      if (!conn) return null;
      try {
        return await conn.request(op, params);
      } catch (err) {
        // Drop a service that is leaving, so the next attempt connects to a fresh one.
        if (isServiceStopping(err)) {
          conn.close();
          if (this.conn === conn) this.conn = null;
        }
        throw err;
      } finally {
        conn.unrefWhenIdle();
      }
    });
  }

  /**
   * From now on renewal requests reach this conversation (issue 12): on this connection and on any
   * later one (a service that was replaced). Starts the service, which then stays up while we listen.
   */
  async listenForRenewals(): Promise<void> {
    if (this.listening && this.conn?.isOpen) return;
    this.listening = true;
    const conn = await this.connection(true);
    if (conn) await conn.request("renewal.listen", {}).finally(() => conn.unrefWhenIdle());
  }

  private async connection(spawn: boolean): Promise<ServiceConnection | null> {
    if (this.conn?.isOpen && (this.current || !spawn)) return this.conn;
    if (this.conn?.isOpen) {
      // Found by a list or stop; a start needs a service of this version.
      this.conn.close();
      this.conn = null;
    }
    if (!this.connecting) {
      this.connecting = this.open(spawn).finally(() => {
        this.connecting = null;
      });
    }
    const conn = await this.connecting;
    // A non-spawning attempt may have found nothing while this caller needs the service.
    return conn || !spawn ? conn : this.connection(spawn);
  }

  private async open(spawn: boolean): Promise<ServiceConnection | null> {
    const endpoint = serviceEndpoint(this.env);
    const conn = spawn ? await ensureCurrentService(endpoint, this.env) : await connectService(endpoint);
    if (!conn) return null;
    const current = spawn || (await speaksOurVersion(conn));
    // tunnel.changed and renewal.requested go to the browser; renewal.reported is for CLIs only.
    conn.onEvent = (e) => {
      if (e.event !== "renewal.reported") this.emit?.(e);
    };
    conn.onClose = () => {
      if (this.conn === conn) this.conn = null;
    };
    await conn.request("subscribe", {});
    if (this.listening) await conn.request("renewal.listen", {});
    conn.unrefWhenIdle();
    this.conn = conn;
    this.current = current;
    return conn;
  }
}

let shared: ServiceLink | null = null;

/** The process's link (one native-messaging conversation per host process). */
export function serviceLink(env: NodeJS.ProcessEnv, emit: (e: HostEvent) => void): ServiceLink {
  shared ??= new ServiceLink(env);
  shared.setEmitter(emit);
  return shared;
}
