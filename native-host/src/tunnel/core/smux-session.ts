/**
 * The client end of an smux v1 session (spec §8.4), pure: frames go out through `write`, stream
 * events come back through callbacks, time comes in through `tick(now)`. One local TCP connection
 * is one stream; stream ids are odd and start at 3. v1 has no per-stream flow control; the caller
 * bounds memory.
 */
import {
  encodeSmuxFrame,
  SMUX_HEADER_LENGTH,
  SMUX_MAX_FRAME_DATA,
  SmuxCmd,
  SmuxFrameDecoder,
} from "./smux-frame";

export interface SmuxSessionIo {
  /** Bytes of the smux stream toward the agent, in order. */
  write(bytes: Buffer): void;
  onData(streamId: number, data: Buffer): void;
  /** The agent closed the stream (destination EOF or ConnectToPortError). */
  onFin(streamId: number): void;
}

/** smux defaults (spec §8.4): NOP every 10 s; dead when a 30 s check window saw nothing. */
export interface SmuxKeepAlive {
  intervalMs: number;
  timeoutMs: number;
}
export const SMUX_KEEPALIVE: SmuxKeepAlive = { intervalMs: 10_000, timeoutMs: 30_000 };

export class SmuxClientSession {
  private nextStreamId = 1;
  private readonly streams = new Set<number>();
  private readonly decoder = new SmuxFrameDecoder();
  private lastNop: number;
  private lastCheck: number;
  private receivedSinceCheck = false;

  constructor(
    private readonly io: SmuxSessionIo,
    private readonly keepAlive: SmuxKeepAlive | null,
    now: number,
  ) {
    this.lastNop = now;
    this.lastCheck = now;
  }

  get streamCount(): number {
    return this.streams.size;
  }

  /** SYN a new stream; the counter grows by 2 before use, so the first id is 3. */
  openStream(): number {
    this.nextStreamId = (this.nextStreamId + 2) >>> 0;
    const id = this.nextStreamId;
    this.streams.add(id);
    this.io.write(encodeSmuxFrame(SmuxCmd.SYN, id));
    return id;
  }

  /** PSH frames of at most 32 768 data bytes, gathered into one write. */
  write(streamId: number, data: Buffer): void {
    if (!this.streams.has(streamId) || data.length === 0) return;
    const count = Math.ceil(data.length / SMUX_MAX_FRAME_DATA);
    const out = Buffer.allocUnsafe(data.length + count * SMUX_HEADER_LENGTH);
    let at = 0;
    for (let off = 0; off < data.length; off += SMUX_MAX_FRAME_DATA) {
      const piece = data.subarray(off, off + SMUX_MAX_FRAME_DATA);
      out[at] = 1;
      out[at + 1] = SmuxCmd.PSH;
      out.writeUInt16LE(piece.length, at + 2);
      out.writeUInt32LE(streamId, at + 4);
      piece.copy(out, at + SMUX_HEADER_LENGTH);
      at += SMUX_HEADER_LENGTH + piece.length;
    }
    this.io.write(out);
  }

  /** FIN: in smux v1 this is a full close; the stream id is forgotten. */
  close(streamId: number): void {
    if (!this.streams.delete(streamId)) return;
    this.io.write(encodeSmuxFrame(SmuxCmd.FIN, streamId));
  }

  /** Bytes of the agent's smux stream, in order. Throws SMUX_* errors on a corrupt stream. */
  receive(bytes: Buffer): void {
    for (const f of this.decoder.push(bytes)) {
      this.receivedSinceCheck = true;
      if (f.cmd === SmuxCmd.PSH) {
        if (this.streams.has(f.streamId)) this.io.onData(f.streamId, f.data);
      } else if (f.cmd === SmuxCmd.FIN) {
        if (this.streams.has(f.streamId)) this.io.onFin(f.streamId);
      }
      // SYN from the agent never happens for port sessions; NOP and UPD carry nothing for v1.
    }
  }

  /** Sends a NOP when due; false when the keepalive check window saw no frame (session dead). */
  tick(now: number): boolean {
    if (!this.keepAlive) return true;
    if (now - this.lastNop >= this.keepAlive.intervalMs) {
      this.lastNop = now;
      this.io.write(encodeSmuxFrame(SmuxCmd.NOP, 0));
    }
    if (now - this.lastCheck >= this.keepAlive.timeoutMs) {
      this.lastCheck = now;
      if (!this.receivedSinceCheck) return false;
      this.receivedSinceCheck = false;
    }
    return true;
  }
}
