/**
 * The background's one link to the native host. Why a connectNative port and not
 * sendNativeMessage: sendNativeMessage starts a new host process per call (~100 ms each, browser-e2e
 * §5), and a sign-in is hello + saml.inspect + credentials.assume + profiles.list. So a port is
 * opened for a burst of calls and closed shortly after the last one.
 *
 * The port is held open longer only while something needs host events (`tunnel.changed`): a popup
 * is showing (live tunnel state and bytes), or a tunnel is active (so a dropped tunnel is noticed
 * and notified with the popup closed). An open native port also keeps the MV3 worker alive
 * (browser-e2e §6); with a tunnel running that is intended, and it ends with the last tunnel.
 */

import { PROTOCOL_VERSION } from "../../../contract/envelope";
import type { HostEvent } from "../../../contract/events";
import type { RequestParams, RequestType } from "../../../contract/requests";
import type { HelloResult, ResultOf } from "../../../contract/results";
import type { HostStatus } from "../shared/state";
import { type ConnectionIO, HostConnection, type PortLike } from "./host-connection";
import { asHostLinkError, type HostLinkError, type InstallTarget, outdatedHost } from "./host-errors";

/** "renewal": renewal is on, so the host's renewal.requested events must reach us (PROTOCOL.md). */
export type Keeper = "popup" | "tunnels" | "renewal";

export interface HostLinkDeps {
  connect(): PortLike;
  disconnectReason(port: PortLike): string | null;
  target: InstallTarget;
  onHello(host: HostStatus): void | Promise<void>;
  onEvent(event: HostEvent): void;
  /** The connection ended on its own while something was kept open (host crashed or was removed). */
  onLost(error: HostLinkError): void;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Idle time before an unneeded port is closed. */
  lingerMs?: number;
}

export function checkHello(hello: HelloResult, target: InstallTarget): HostLinkError | null {
  if (hello.protocol !== PROTOCOL_VERSION)
    return outdatedHost(hello.version, `protocol ${hello.protocol}, needs ${PROTOCOL_VERSION}`, target);
  return null;
}

export class HostLink {
  private conn: HostConnection | null = null;
  private hello: Promise<HelloResult> | null = null;
  private users = 0;
  private readonly keepers = new Set<Keeper>();
  private linger: unknown = null;

  constructor(private readonly deps: HostLinkDeps) {}

  /** One request; the port opens (with hello first, design §3) if it is not open yet. */
  async call<T extends RequestType>(type: T, params: RequestParams[T]): Promise<ResultOf[T]> {
    this.users++;
    this.cancelLinger();
    try {
      const conn = this.connection();
      const hello = await this.hello!;
      if (type !== "hello" && !hello.capabilities.includes(type))
        throw outdatedHost(hello.version, `no ${type}`, this.deps.target);
      return type === "hello" ? (hello as ResultOf[T]) : await conn.request(type, params);
    } catch (err) {
      throw asHostLinkError(err);
    } finally {
      this.users--;
      this.release();
    }
  }

  /** Holds the port open (or lets it go) for a reason; see the top of this file. */
  keep(reason: Keeper, on: boolean): void {
    if (on) this.keepers.add(reason);
    else this.keepers.delete(reason);
    this.release();
  }

  keeping(reason: Keeper): boolean {
    return this.keepers.has(reason);
  }

  get isOpen(): boolean {
    return this.conn?.open ?? false;
  }

  private connection(): HostConnection {
    if (this.conn?.open) return this.conn;
    const io: ConnectionIO = {
      port: this.deps.connect(),
      disconnectReason: this.deps.disconnectReason,
      target: this.deps.target,
      onEvent: this.deps.onEvent,
      onClose: (error) => this.closed(conn, error),
      setTimer: this.deps.setTimer,
      clearTimer: this.deps.clearTimer,
    };
    const conn = new HostConnection(io);
    this.conn = conn;
    this.hello = this.greet(conn);
    this.hello.catch(() => undefined);
    return conn;
  }

  private async greet(conn: HostConnection): Promise<HelloResult> {
    const hello = await conn.request("hello", {});
    const outdated = checkHello(hello, this.deps.target);
    await this.deps.onHello({
      state: outdated ? "outdated" : "ok",
      version: hello.version,
      protocol: hello.protocol,
      capabilities: hello.capabilities,
      checkedAt: this.deps.now(),
    });
    if (outdated) throw outdated;
    return hello;
  }

  private closed(conn: HostConnection, error: HostLinkError | null): void {
    if (this.conn !== conn) return;
    this.conn = null;
    this.hello = null;
    this.cancelLinger();
    if (error && this.keepers.size) this.deps.onLost(error);
  }

  private release(): void {
    if (this.users > 0 || this.keepers.size > 0 || !this.conn) return;
    this.cancelLinger();
    this.linger = this.deps.setTimer(() => {
      this.linger = null;
      if (this.users === 0 && this.keepers.size === 0) this.conn?.close();
    }, this.deps.lingerMs ?? 1500);
  }

  private cancelLinger(): void {
    if (this.linger !== null) this.deps.clearTimer(this.linger);
    this.linger = null;
  }
}
