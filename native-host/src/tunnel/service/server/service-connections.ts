/**
 * The tunnel service's connections and their bounds (issue 17, finding 5: 300 half-sent lines took
 * the service from 44 to 353 MB, a client that never read to 545 MB). Each connection costs at most
 * one unfinished line plus its unread replies, and the count is capped, so memory is bounded
 * whatever a local process does:
 * - beyond `maxConnections` a new connection is closed at once;
 * - a line must be complete within `lineTimeoutMs` of its first byte (and the first line within
 *   that time of connecting); a line over `maxLineBytes` ends the connection;
 * - a client whose unread replies and events exceed `maxPendingWriteBytes` is dropped.
 * Timers come in through `ServiceTimers` so tests fire them by an explicit call.
 */
import type net from "node:net";
import type { Logger } from "../../../config/log";
import { encodeLine, LineDecoder } from "../ipc/line-codec";
import { nonceOf, proofOf } from "../ipc/service-proof";

export interface ServiceLimits {
  maxConnections: number;
  maxLineBytes: number;
  lineTimeoutMs: number;
  maxPendingWriteBytes: number;
}

/**
 * A CLI call and the native host hold one connection each; 64 leaves room for scripts. Requests
 * are a few hundred bytes (ipc-messages.ts); a tunnel.changed event about 500 bytes, so 1 MiB
 * unread is ~2 000 events: a client that far behind is hung, not slow.
 */
export const SERVICE_LIMITS: ServiceLimits = {
  maxConnections: 64,
  maxLineBytes: 64 * 1024,
  lineTimeoutMs: 10_000,
  maxPendingWriteBytes: 1024 * 1024,
};

export interface ServiceTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const REAL_TIMERS: ServiceTimers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface ConnectionCounts {
  open: number;
  refused: number;
  idle: number;
  tooLong: number;
  unread: number;
}

export class ServiceConnections {
  readonly counts: ConnectionCounts = { open: 0, refused: 0, idle: 0, tooLong: 0, unread: 0 };
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly limits: ServiceLimits,
    private readonly timers: ServiceTimers,
    private readonly log: Logger,
    private readonly onMessage: (value: unknown, conn: net.Socket) => void,
    private readonly onClose: (conn: net.Socket) => void,
    /** Windows pipes: each connection opens by asking for proof of this secret (service-proof.ts). */
    private readonly secret?: Buffer,
  ) {}

  all(): Iterable<net.Socket> {
    return this.sockets;
  }

  accept(conn: net.Socket): void {
    conn.on("error", () => conn.destroy());
    if (this.sockets.size >= this.limits.maxConnections) {
      this.counts.refused++;
      this.log.warn("service connection refused: too many open", { open: this.sockets.size });
      conn.destroy();
      return;
    }
    this.sockets.add(conn);
    this.counts.open = this.sockets.size;
    const decoder = new LineDecoder(this.limits.maxLineBytes);
    let unproven = this.secret !== undefined;
    let timer: unknown = null;
    const arm = () => {
      timer ??= this.timers.set(
        () => this.drop(conn, "idle", "no complete request line in time"),
        this.limits.lineTimeoutMs,
      );
    };
    let refused = false;
    arm();
    conn.on("data", (chunk: Buffer) => {
      // After a refusal the rest of the peer's bytes are read and dropped: closing with them
      // unread would reset the connection, and a Linux socket reports the reset ahead of the
      // reply already queued for the peer. The line timer still bounds how long it keeps its slot.
      if (refused) return;
      for (const line of decoder.push(chunk)) {
        if (conn.destroyed) return;
        if (line.kind === "error") {
          if (line.code === "LINE_TOO_LONG") this.counts.tooLong++;
          const error = { code: line.code, message: "The request was not one JSON line." };
          // Say why, then close once the peer has stopped sending (its end closes ours).
          refused = true;
          conn.end(encodeLine({ id: null, ok: false, error }));
          arm();
          return;
        }
        // A complete line: the clock restarts only when the next one begins.
        if (timer !== null) this.timers.clear(timer);
        timer = null;
        if (unproven) {
          unproven = false;
          const nonce = nonceOf(line.value);
          if (nonce && this.secret) this.send(conn, encodeLine({ proof: proofOf(this.secret, nonce) }));
          else conn.destroy(); // not one of ours: they all open by asking
          continue;
        }
        this.onMessage(line.value, conn);
      }
      if (decoder.pendingBytes > 0) arm();
    });
    conn.on("close", () => {
      if (timer !== null) this.timers.clear(timer);
      this.sockets.delete(conn);
      this.counts.open = this.sockets.size;
      this.onClose(conn);
    });
  }

  /** Writes a reply or event; a client this far behind on reading is dropped. */
  send(conn: net.Socket, line: Buffer): void {
    if (conn.destroyed) return;
    conn.write(line);
    if (conn.writableLength > this.limits.maxPendingWriteBytes)
      this.drop(conn, "unread", `over ${this.limits.maxPendingWriteBytes} bytes of replies unread`);
  }

  private drop(conn: net.Socket, why: "idle" | "unread", detail: string): void {
    if (conn.destroyed) return;
    this.counts[why]++;
    this.log.warn("service connection dropped", { reason: detail });
    conn.destroy();
  }
}
