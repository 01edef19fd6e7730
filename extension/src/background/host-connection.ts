/**
 * One conversation with the native host over a runtime.connectNative port (design §3): requests
 * carry an id, replies echo it, events come without one. Every frame from the host is validated.
 * The port and timers are passed in, so unit tests drive it with an in-memory port.
 */
import type { ErrorBody } from "../../../contract/envelope";
import type { HostEvent } from "../../../contract/events";
import { checkHostEvent } from "../../../contract/events";
import type { RequestParams, RequestType } from "../../../contract/requests";
import type { ResultOf } from "../../../contract/results";
import { RESULT_CHECKS } from "../../../contract/results";
import { ValidationIssue } from "../../../contract/validate";
import {
  badReplyError,
  errorFromDisconnect,
  errorFromReply,
  type HostLinkError,
  type InstallTarget,
  timeoutError,
} from "./host-errors";

/** The parts of a runtime.Port we use (Chromium and Firefox share them). */
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: (port: PortLike) => void): void };
}

export interface ConnectionIO {
  port: PortLike;
  /** The browser's reason for a disconnect (chrome.runtime.lastError or Firefox's port.error). */
  disconnectReason(port: PortLike): string | null;
  target: InstallTarget;
  onEvent(event: HostEvent): void;
  onClose(error: HostLinkError | null): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** How long each request may take; AWS calls get room for SDK retries. */
export const TIMEOUT_MS: Record<RequestType, number> = {
  hello: 10_000,
  "saml.inspect": 15_000,
  "credentials.assume": 90_000,
  "profiles.list": 15_000,
  "instances.list": 60_000,
  "tunnel.start": 90_000,
  "tunnel.list": 15_000,
  "tunnel.stop": 30_000,
  // Reads the tunnel list from the service and starts the loopback gateway: no AWS call.
  "rdp.gateway.open": 15_000,
  "console.url": 30_000,
  // Reads two local files: no AWS call.
  "connections.list": 15_000,
  // A tag filter's instance lookup, then a tunnel start.
  "connection.open": 120_000,
  // Writes a small file; may start the tunnel service (its start is bounded at 15 s).
  "renewal.sources.set": 30_000,
  "renewal.report": 15_000,
  // Writes a small file: no AWS call.
  "accounts.names.set": 15_000,
};

interface Pending {
  type: RequestType;
  resolve(v: unknown): void;
  reject(e: HostLinkError): void;
  timer: unknown;
}

export class HostConnection {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closedWith: HostLinkError | null | undefined = undefined;

  constructor(private readonly io: ConnectionIO) {
    io.port.onMessage.addListener((m) => this.receive(m));
    io.port.onDisconnect.addListener((p) => this.end(errorFromDisconnect(io.disconnectReason(p), io.target)));
  }

  get open(): boolean {
    return this.closedWith === undefined;
  }

  request<T extends RequestType>(type: T, params: RequestParams[T]): Promise<ResultOf[T]> {
    if (this.closedWith !== undefined)
      return Promise.reject(this.closedWith ?? errorFromDisconnect(null, this.io.target));
    const id = this.nextId++;
    return new Promise<ResultOf[T]>((resolve, reject) => {
      const timer = this.io.setTimer(() => {
        this.pending.delete(id);
        reject(timeoutError(type, TIMEOUT_MS[type] / 1000));
      }, TIMEOUT_MS[type]);
      this.pending.set(id, { type, resolve: resolve as (v: unknown) => void, reject, timer });
      this.io.port.postMessage({ id, type, params });
    });
  }

  /** Closes the port on purpose: pending requests fail, no error is reported. */
  close(): void {
    if (this.closedWith !== undefined) return;
    this.io.port.disconnect();
    this.end(null);
  }

  private end(error: HostLinkError | null): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = error;
    for (const [id, p] of this.pending) {
      this.io.clearTimer(p.timer);
      this.pending.delete(id);
      p.reject(error ?? errorFromDisconnect(null, this.io.target));
    }
    this.io.onClose(error);
  }

  private receive(message: unknown): void {
    if (typeof message !== "object" || message === null) return;
    const m = message as Record<string, unknown>;
    if (m.event !== undefined) {
      try {
        const event = checkHostEvent(m);
        if (event) this.io.onEvent(event);
      } catch {
        // A malformed event is dropped; the next tunnel.list corrects the picture.
      }
      return;
    }
    if (m.id === null && m.ok === false) {
      this.frameError(m.error);
      return;
    }
    const p = typeof m.id === "number" ? this.pending.get(m.id) : undefined;
    if (!p) return;
    this.pending.delete(m.id as number);
    this.io.clearTimer(p.timer);
    this.settle(p, m);
  }

  private settle(p: Pending, m: Record<string, unknown>): void {
    if (m.ok !== true) {
      p.reject(
        m.ok === false
          ? errorFromReply(readErrorBody(m.error), this.io.target)
          : badReplyError(p.type, "no ok field"),
      );
      return;
    }
    try {
      p.resolve(RESULT_CHECKS[p.type](m.result));
    } catch (err) {
      p.reject(badReplyError(p.type, err instanceof ValidationIssue ? err.message : "unreadable result"));
    }
  }

  /** An error with id null: the host refused the caller (then exits) or could not read a frame. */
  private frameError(raw: unknown): void {
    const body = readErrorBody(raw);
    const error = errorFromReply(body, this.io.target);
    if (body.code === "ORIGIN_NOT_ALLOWED") {
      this.end(error);
      return;
    }
    // Not attributable to a request id; with one request in flight it can only be that one.
    if (this.pending.size === 1) {
      const [[id, p]] = [...this.pending];
      this.pending.delete(id);
      this.io.clearTimer(p.timer);
      p.reject(error);
    }
  }
}

function readErrorBody(v: unknown): ErrorBody {
  const o = (typeof v === "object" && v !== null ? v : {}) as Record<string, unknown>;
  const s = (x: unknown, max: number) => (typeof x === "string" ? x.slice(0, max) : undefined);
  return {
    code:
      s(o.code, 64) && /^[A-Za-z][A-Za-z0-9_.]*$/.test(o.code as string) ? (o.code as string) : "HOST_ERROR",
    message: s(o.message, 2000) ?? "The bastionless helper reported an error.",
    ...(s(o.hint, 2000) ? { hint: s(o.hint, 2000) } : {}),
  };
}

/** Chromium reports a native disconnect in runtime.lastError; Firefox on the port itself. */
export function disconnectReason(port: PortLike): string | null {
  const firefox = (port as { error?: { message?: string } | null }).error?.message;
  return firefox ?? globalThis.chrome?.runtime?.lastError?.message ?? null;
}
