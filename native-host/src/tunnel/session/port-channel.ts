/**
 * What the port-forwarding modes (basic, mux) need from the data channel, and the local-socket
 * backpressure they share: reading pauses while the unacked window is full (instead of the
 * plugin's 1 ms sleep per KiB, spec §7.6). Toward a local client that is not draining, basic mode
 * refuses delivery (spec §7.5: the agent then resends) and mux mode closes that stream alone
 * (port-forward-mux.ts), so memory stays bounded both ways.
 */
import type net from "node:net";
import type { TunnelError } from "../../errors";
import type { ClientMessage } from "../core/client-message";

export interface PortChannel {
  /** Bytes toward the destination (Output messages). */
  sendOutput(bytes: Buffer): void;
  /** A Flag message (spec §5.3); returns its sequence number. */
  sendFlag(flag: number): number;
  readonly writable: boolean;
  /** A local socket drained: offer refused messages again. */
  retryDelivery(): void;
}

export interface PortEvents {
  /** Something the user should see that does not end the tunnel (ConnectToPortError). */
  notice(code: string, message: string): void;
  /** The tunnel cannot go on (corrupt smux stream, smux keepalive timeout). */
  fatal(err: TunnelError): void;
}

export interface PortForwarder {
  accept(socket: net.Socket): void;
  /** An in-order Output/Flag message from the agent; false = not ready. */
  deliver(msg: ClientMessage): boolean;
  windowOpen(): void;
  tick(now: number): void;
  stats(): { bytesIn: number; bytesOut: number; connections: number };
  closeAll(): void;
}

/**
 * Writes toward a local client: payloads arrive as 1 KiB messages, and one syscall each would
 * dominate the downstream path, so the socket is corked for the rest of the tick.
 */
export function writeCorked(socket: net.Socket, data: Buffer): void {
  if (socket.writableCorked === 0) {
    socket.cork();
    process.nextTick(() => socket.uncork());
  }
  socket.write(data);
}

/** Bytes queued toward one local client before the tunnel stops accepting more for it. */
export const LOCAL_BUFFER_LIMIT = 1024 * 1024;

export class LocalBackpressure {
  private readonly slow = new Set<net.Socket>();
  private readonly paused = new Set<net.Socket>();

  constructor(private readonly channel: PortChannel) {}

  /** Whether some local client is not keeping up (deliveries wait). */
  get congested(): boolean {
    return this.slow.size > 0;
  }

  afterWrite(socket: net.Socket): void {
    if (socket.writableLength <= LOCAL_BUFFER_LIMIT || this.slow.has(socket)) return;
    this.slow.add(socket);
    socket.once("drain", () => this.release(socket));
  }

  afterRead(socket: net.Socket): void {
    if (this.channel.writable) return;
    socket.pause();
    this.paused.add(socket);
  }

  windowOpen(): void {
    for (const s of this.paused) if (!s.destroyed) s.resume();
    this.paused.clear();
  }

  forget(socket: net.Socket): void {
    this.paused.delete(socket);
    this.release(socket);
  }

  private release(socket: net.Socket): void {
    if (this.slow.delete(socket)) this.channel.retryDelivery();
  }
}
