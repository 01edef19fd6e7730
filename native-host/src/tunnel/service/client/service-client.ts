/**
 * A connection to the tunnel service: requests matched to replies by id, pushed events handed
 * to a listener, every incoming line checked (ipc-messages.ts). Used by the CLI and by the
 * native host.
 */
import net from "node:net";
import { checkHostEvent } from "../../../../../contract/events";
import { obj, str, ValidationIssue } from "../../../../../contract/validate";
import { BastionlessError, type ExitCode, TunnelError } from "../../../errors";
import { RESULT_CHECKS, type ServiceEvent, type ServiceOp, type ServiceOps } from "../ipc/ipc-messages";
import { encodeLine, LineDecoder } from "../ipc/line-codec";
import { checkRenewalReported } from "../ipc/renewal-ops";
import { isProof, newNonce, proofRequest } from "../ipc/service-proof";

/** A reply slower than this means a stuck service; StartSession plus a handshake is seconds. */
export const REPLY_TIMEOUT_MS = 90_000;

const lost = (detail: string) =>
  new TunnelError("SERVICE_UNAVAILABLE", `Lost the connection to the tunnel service (${detail}).`, {
    hint: "Run the command again; see the tunnel-service.log in the bastionless log folder if it persists.",
  });

/** An error the service reported, keeping the exit code of the class it was raised as. */
export class ServiceReportedError extends BastionlessError {
  override readonly exitCode: ExitCode;
  constructor(code: string, message: string, hint: string | undefined, exitCode: ExitCode) {
    super(code, message, { hint });
    this.exitCode = exitCode;
  }
}

interface Proving {
  secret: Buffer;
  nonce: string;
  done(err?: Error): void;
  timer?: NodeJS.Timeout;
}

/** A genuine service answers at once; a squatter that stays silent is left after this. */
const PROOF_TIMEOUT_MS = 10_000;

interface Pending {
  op: ServiceOp;
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export class ServiceConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly decoder = new LineDecoder();
  private closedError: Error | null = null;
  private proving: Proving | null = null;
  onEvent: (e: ServiceEvent) => void = () => {};
  onClose: () => void = () => {};

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => this.fail(lost("socket closed")));
  }

  /**
   * Connects, or rejects with the socket error (ENOENT / ECONNREFUSED: no service running). With
   * a `secret` (Windows pipes) the server must first prove it holds it (service-proof.ts);
   * otherwise the connection is closed with SERVICE_NOT_AUTHENTIC before any request is sent.
   */
  static connect(address: string, secret?: Buffer): Promise<ServiceConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(address);
      socket.once("connect", () => {
        socket.removeListener("error", reject);
        const conn = new ServiceConnection(socket);
        if (!secret) return resolve(conn);
        conn.proving = { secret, nonce: newNonce(), done: (err) => (err ? reject(err) : resolve(conn)) };
        conn.proving.timer = setTimeout(() => conn.notAuthentic("no proof"), PROOF_TIMEOUT_MS);
        socket.write(encodeLine(proofRequest(conn.proving.nonce)));
      });
      socket.once("error", reject);
    });
  }

  get isOpen(): boolean {
    return this.closedError === null;
  }

  request<O extends ServiceOp>(op: O, params: ServiceOps[O]["params"]): Promise<ServiceOps[O]["result"]> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    this.socket.ref();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.settle(id, () => reject(lost(`no answer to ${op}`))),
        REPLY_TIMEOUT_MS,
      );
      this.pending.set(id, { op, resolve: resolve as (v: unknown) => void, reject, timer });
      this.socket.write(encodeLine({ id, op, params }));
    });
  }

  /** Lets the process exit while only events are awaited (the host must end with its stdin). */
  unrefWhenIdle(): void {
    if (this.pending.size === 0) this.socket.unref();
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    for (const line of this.decoder.push(chunk)) {
      if (this.socket.destroyed) return;
      try {
        if (line.kind === "error") throw new ValidationIssue("line", "one JSON value");
        this.handle(obj(line.value, "message"));
      } catch (err) {
        this.fail(
          new TunnelError(
            "SERVICE_PROTOCOL",
            `The tunnel service sent something unexpected: ${(err as Error).message}.`,
            {
              hint: "Stop old bastionless processes (a different version may be running) and try again.",
            },
          ),
        );
        this.socket.destroy();
        return;
      }
    }
  }

  private handle(m: Record<string, unknown>): void {
    if (this.proving) {
      this.proven(m);
      return;
    }
    if (m.event !== undefined) {
      const event = checkHostEvent(m) ?? checkRenewalReported(m);
      if (event) this.onEvent(event);
      return;
    }
    const p = typeof m.id === "number" ? this.pending.get(m.id) : undefined;
    if (!p) throw new ValidationIssue("message.id", "the id of a pending request");
    if (m.ok === true) {
      const result = RESULT_CHECKS[p.op](m.result);
      this.settle(m.id as number, () => p.resolve(result));
      return;
    }
    const e = obj(m.error, "message.error");
    const hint = typeof e.hint === "string" ? e.hint.slice(0, 1000) : undefined;
    const exit = ([1, 2, 3, 4, 5] as const).find((n) => n === e.exit) ?? 4;
    const err = new ServiceReportedError(
      str(e.code, "error.code", { max: 64 }),
      str(e.message, "error.message", { max: 2000 }),
      hint,
      exit,
    );
    this.settle(m.id as number, () => p.reject(err));
  }

  private settle(id: number, then: () => void): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    then();
  }

  /** The server's first line must be the proof; nothing else counts until it came. */
  private proven(m: Record<string, unknown>): void {
    const p = this.proving!;
    if (!isProof(p.secret, p.nonce, m)) {
      this.notAuthentic("a wrong proof");
      return;
    }
    clearTimeout(p.timer);
    this.proving = null;
    p.done();
  }

  /** The server could not prove it is ours: nothing was sent to it but the nonce. */
  private notAuthentic(detail: string): void {
    const p = this.proving;
    if (!p) return;
    clearTimeout(p.timer);
    this.proving = null;
    this.socket.destroy();
    p.done(
      new TunnelError(
        "SERVICE_NOT_AUTHENTIC",
        `The tunnel service pipe answered with ${detail}: another user may have created it, so bastionless will not use it.`,
        {
          hint: "Delete pipe.key in the bastionless runtime folder (%APPDATA%\\bastionless\\run): a new pipe name is then chosen. See docs/security.md.",
        },
      ),
    );
  }

  private fail(err: Error): void {
    if (this.proving) this.notAuthentic("no proof (it closed the connection)");
    if (this.closedError) return;
    this.closedError = err;
    for (const [id, p] of this.pending) this.settle(id, () => p.reject(err));
    this.onClose();
  }
}
