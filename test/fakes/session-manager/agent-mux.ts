/**
 * Multiplexed port mode on the agent side (spec §8.4): an smux v1 server on the reassembled
 * client Output stream; one destination connection per SYN, ConnectToPortError + FIN when the
 * dial fails, FIN on destination EOF, and smux keepalive (NOP, silent-session timeout) when the
 * version rules of §8.2 leave it on. Like xtaci/smux v1 behind the real agent (spec §8.4, §15):
 * one session-wide receive buffer of 4 MiB and no per-stream window. Bytes count against it until
 * the destination socket took them; when it is full the agent's reader blocks in the handler, so
 * it acks nothing and reads nothing more, for every stream (head-of-line), until a slow
 * destination makes room.
 */
import net from "node:net";
import type { ClientMessage } from "../../../native-host/src/tunnel/core/client-message";
import { PayloadType, PortFlag } from "../../../native-host/src/tunnel/core/message-types";
import {
  encodeSmuxFrame,
  SMUX_MAX_FRAME_DATA,
  SmuxCmd,
  type SmuxFrame,
  SmuxFrameDecoder,
} from "../../../native-host/src/tunnel/core/smux-frame";
import { writeCorked } from "../../../native-host/src/tunnel/session/port-channel";
import type { AgentPort, AgentPortHost } from "./agent-port";

/** smux DefaultConfig().MaxReceiveBuffer (spec §8.4). */
export const SMUX_MAX_RECEIVE_BUFFER = 4 * 1024 * 1024;
/** How often a blocked reader looks for room again (smux wakes on every stream Read). */
const BLOCKED_POLL_MS = 5;

interface Stream {
  socket: net.Socket;
  connected: boolean;
  pending: Buffer[];
  pendingBytes: number;
  /** The client FINed before the dial finished: flush, then end. */
  finished: boolean;
}

export class AgentMuxPort implements AgentPort {
  private readonly decoder = new SmuxFrameDecoder();
  private readonly streams = new Map<number, Stream>();
  private timers: NodeJS.Timeout[] = [];
  private heard = false;
  private closed = false;
  private blockedTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly host: AgentPortHost,
    private readonly keepAlive: { intervalMs: number; timeoutMs: number } | null,
  ) {}

  start(): void {
    if (!this.keepAlive) return;
    this.timers.push(
      setInterval(() => this.host.emit(encodeSmuxFrame(SmuxCmd.NOP, 0)), this.keepAlive.intervalMs),
    );
    this.timers.push(
      setInterval(() => {
        if (!this.heard) this.host.fail("smux keepalive timeout", "smux-timeout");
        this.heard = false;
      }, this.keepAlive.timeoutMs),
    );
  }

  /** Bytes the smux server holds that no destination socket has taken yet. */
  private unread(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.pendingBytes + s.socket.writableLength;
    return n;
  }

  get blocked(): boolean {
    return this.unread() >= SMUX_MAX_RECEIVE_BUFFER;
  }

  private afterWrite(): void {
    const held = this.unread();
    const c = this.host.counts;
    c.muxBufferPeak = Math.max(c.muxBufferPeak, held);
    if (held < SMUX_MAX_RECEIVE_BUFFER || this.blockedTimer) return;
    c.muxBufferFull++;
    this.blockedTimer = setInterval(() => {
      if (this.closed || !this.blocked) {
        clearInterval(this.blockedTimer!);
        this.blockedTimer = null;
        if (!this.closed) this.host.unblocked();
      }
    }, BLOCKED_POLL_MS);
  }

  deliver(msg: ClientMessage): boolean {
    if (msg.payloadType !== PayloadType.Output || this.closed) return true;
    let frames: SmuxFrame[];
    try {
      frames = this.decoder.push(msg.payload);
    } catch (err) {
      this.host.fail(`smux: ${(err as Error).message}`, "smux-error");
      return true;
    }
    for (const f of frames) {
      this.heard = true;
      if (f.cmd === SmuxCmd.SYN) this.open(f.streamId);
      else if (f.cmd === SmuxCmd.PSH) this.toDestination(f.streamId, f.data);
      else if (f.cmd === SmuxCmd.FIN) this.remoteFin(f.streamId);
      else if (f.cmd === SmuxCmd.NOP) this.host.counts.nopsReceived++;
    }
    return true;
  }

  resumeReading(): void {
    for (const s of this.streams.values()) if (s.connected) s.socket.resume();
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    if (this.blockedTimer) clearInterval(this.blockedTimer);
    for (const s of this.streams.values()) s.socket.destroy();
    this.streams.clear();
  }

  private open(id: number): void {
    const c = this.host.counts;
    c.streamsOpened++;
    c.destinationDials++;
    const socket = net.connect(this.host.destination);
    const stream: Stream = { socket, connected: false, pending: [], pendingBytes: 0, finished: false };
    this.streams.set(id, stream);
    c.openStreams = this.streams.size;
    c.maxConcurrentStreams = Math.max(c.maxConcurrentStreams, this.streams.size);
    socket.on("connect", () => {
      stream.connected = true;
      for (const p of stream.pending) socket.write(p);
      stream.pending = [];
      stream.pendingBytes = 0;
      if (stream.finished) socket.end();
    });
    socket.on("data", (data: Buffer) => {
      c.bytesFromDestination += data.length;
      for (let off = 0; off < data.length; off += SMUX_MAX_FRAME_DATA) {
        this.host.emit(encodeSmuxFrame(SmuxCmd.PSH, id, data.subarray(off, off + SMUX_MAX_FRAME_DATA)));
      }
      if (this.host.outputHigh()) socket.pause();
    });
    socket.on("error", () => {
      if (!stream.connected && this.streams.get(id) === stream) {
        c.connectToPortErrors++;
        this.host.sendFlag(PortFlag.ConnectToPortError);
      }
    });
    socket.on("close", () => {
      if (this.streams.get(id) !== stream) return; // FINed by the client: nothing to tell it
      this.streams.delete(id);
      c.openStreams = this.streams.size;
      if (!this.closed) this.host.emit(encodeSmuxFrame(SmuxCmd.FIN, id));
    });
  }

  private toDestination(id: number, data: Buffer): void {
    const stream = this.streams.get(id);
    if (!stream) return; // PSH for an unknown stream is read and discarded (spec §8.4)
    this.host.counts.bytesToDestination += data.length;
    if (stream.connected) writeCorked(stream.socket, data);
    else {
      stream.pending.push(data);
      stream.pendingBytes += data.length;
    }
    this.afterWrite();
  }

  private remoteFin(id: number): void {
    const stream = this.streams.get(id);
    if (!stream) return;
    this.streams.delete(id);
    this.host.counts.openStreams = this.streams.size;
    if (stream.connected) stream.socket.end();
    else stream.finished = true;
  }
}
