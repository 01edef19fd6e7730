/**
 * Multiplexed port forwarding (spec §8.4): the Output payloads each way form one smux v1 byte
 * stream; each local TCP connection is one smux stream (SYN on accept, PSH for data, FIN on
 * close), so RDP's several connections share one session.
 *
 * smux v1 has no per-stream flow control (§8.4, aws/session-manager-plugin#145): refusing the
 * agent's data because one local client is not reading would stall every stream behind it (issue
 * 17, finding 6). So a stream whose local client has more than `streamBudget` bytes unread and
 * takes none of them for `stuckTicks` ticks is closed instead (FIN), and the others go on
 * (stuck-reader.ts).
 */
import type net from "node:net";
import type { Logger } from "../../config/log";
import { TunnelError } from "../../errors";
import { connectFailed } from "../core/agent-refusal";
import type { ClientMessage } from "../core/client-message";
import { decodeFlagPayload, PayloadType, PortFlag } from "../core/message-types";
import { SmuxClientSession, type SmuxKeepAlive } from "../core/smux-session";
import {
  LocalBackpressure,
  type PortChannel,
  type PortEvents,
  type PortForwarder,
  writeCorked,
} from "./port-channel";
import { type ReaderSample, StuckReaderWatch, sampleSocket } from "./stuck-reader";

/**
 * Bytes queued toward one local client, beyond what the kernel holds, before its stream is
 * closed: the agent's own smux receive buffer (4 MiB, §11). A client reading at all keeps far
 * below it; one that stopped (hung, or writing without ever reading) passes it.
 */
export const STREAM_BUDGET = 4 * 1024 * 1024;

/** Ticks (100 ms each, §7.4) over budget without progress before a reader counts as stuck: 2 s. */
export const STUCK_READER_TICKS = 20;

export interface MuxOptions {
  keepAlive: SmuxKeepAlive | null;
  now: number;
  streamBudget: number;
  stuckTicks: number;
  log: Logger;
}

export class MuxPortForward implements PortForwarder {
  private readonly sockets = new Map<number, net.Socket>();
  private readonly smux: SmuxClientSession;
  private readonly pressure: LocalBackpressure;
  private bytesIn = 0;
  private bytesOut = 0;
  private dead = false;
  private readonly streamBudget: number;
  private readonly stuckReaders: StuckReaderWatch;
  private readonly log: Logger;

  constructor(
    channel: PortChannel,
    private readonly events: PortEvents,
    opts: MuxOptions,
  ) {
    this.streamBudget = opts.streamBudget;
    this.stuckReaders = new StuckReaderWatch(opts.streamBudget, opts.stuckTicks);
    this.log = opts.log;
    this.pressure = new LocalBackpressure(channel);
    this.smux = new SmuxClientSession(
      {
        write: (bytes) => channel.sendOutput(bytes),
        onData: (id, data) => this.toLocal(id, data),
        onFin: (id) => this.remoteFin(id),
      },
      opts.keepAlive,
      opts.now,
    );
  }

  accept(socket: net.Socket): void {
    if (this.dead) {
      socket.destroy();
      return;
    }
    const id = this.smux.openStream();
    this.sockets.set(id, socket);
    socket.on("data", (data: Buffer) => {
      this.bytesOut += data.length;
      this.smux.write(id, data);
      this.pressure.afterRead(socket);
    });
    // One FIN for a local EOF, close or error alike: FIN is a full close in smux v1.
    socket.on("end", () => socket.end());
    socket.on("close", () => this.localClosed(id, socket));
    socket.on("error", () => socket.destroy());
    socket.resume();
  }

  deliver(msg: ClientMessage): boolean {
    if (msg.payloadType === PayloadType.Flag) {
      if (decodeFlagPayload(msg.payload) === PortFlag.ConnectToPortError) {
        const e = connectFailed();
        this.events.notice(e.code, `${e.message} ${e.hint}`);
      }
      return true;
    }
    if (msg.payloadType !== PayloadType.Output || this.dead) return true;
    try {
      this.smux.receive(msg.payload);
    } catch (err) {
      this.fail(err as TunnelError);
    }
    return true;
  }

  windowOpen(): void {
    this.pressure.windowOpen();
  }

  tick(now: number): void {
    if (this.dead) return;
    const samples = [...this.sockets].map(([id, s]): [number, ReaderSample] => [id, sampleSocket(s)]);
    for (const id of this.stuckReaders.tick(samples)) this.overBudget(id, this.sockets.get(id)!);
    if (this.smux.tick(now)) return;
    this.fail(
      new TunnelError(
        "TUNNEL_SMUX_TIMEOUT",
        "The agent's multiplexed session went silent (smux keepalive).",
        {
          hint: "Start the tunnel again; update the SSM Agent if it keeps happening.",
        },
      ),
    );
  }

  stats() {
    return { bytesIn: this.bytesIn, bytesOut: this.bytesOut, connections: this.sockets.size };
  }

  closeAll(): void {
    this.dead = true;
    for (const s of this.sockets.values()) s.destroy();
  }

  private fail(err: TunnelError): void {
    this.closeAll();
    this.events.fatal(err);
  }

  private toLocal(id: number, data: Buffer): void {
    const socket = this.sockets.get(id);
    if (!socket || socket.destroyed) return;
    this.bytesIn += data.length;
    writeCorked(socket, data);
  }

  /** The local client stopped reading (stuck-reader.ts): its stream alone ends (FIN), the session goes on. */
  private overBudget(id: number, socket: net.Socket): void {
    this.log.warn("closed a connection whose local client stopped reading", {
      stream: id,
      unreadBytes: socket.writableLength,
      budget: this.streamBudget,
    });
    this.sockets.delete(id);
    this.smux.close(id);
    socket.destroy();
  }

  /** Destination EOF or failed dial: end the local socket once its data is flushed. */
  private remoteFin(id: number): void {
    const socket = this.sockets.get(id);
    this.smux.close(id);
    socket?.end();
  }

  private localClosed(id: number, socket: net.Socket): void {
    this.pressure.forget(socket);
    if (this.sockets.get(id) === socket) this.sockets.delete(id);
    if (!this.dead) this.smux.close(id);
  }
}
