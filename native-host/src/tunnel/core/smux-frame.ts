/**
 * smux protocol version 1 frames (spec §8.4), the multiplexing layer carried inside the Output
 * byte stream. Pure. Note the little-endian header, unlike the data channel. Decoding follows
 * xtaci/smux's receive loop: only PSH consumes `length` data bytes, UPD always 8; another version
 * or an unknown command is a protocol error that ends the smux session.
 */
import { TunnelError } from "../../errors";

/** version(1) cmd(1) length(2, LE) streamId(4, LE). */
export const SMUX_HEADER_LENGTH = 8;
/** Both ends speak v1 (spec §8.4); v2 would need the agent too. */
export const SMUX_VERSION = 1;
/** MaxFrameSize of both library configs. */
export const SMUX_MAX_FRAME_DATA = 32_768;
/** UPD body: consumed(4) + window(4), v2 only. */
const UPD_BODY_LENGTH = 8;

export const SmuxCmd = { SYN: 0, FIN: 1, PSH: 2, NOP: 3, UPD: 4 } as const;

export interface SmuxFrame {
  cmd: number;
  streamId: number;
  data: Buffer;
}

const EMPTY = Buffer.alloc(0);

/** One frame; PSH data must be at most SMUX_MAX_FRAME_DATA bytes (callers split). */
export function encodeSmuxFrame(cmd: number, streamId: number, data: Uint8Array = EMPTY): Buffer {
  if (data.length > SMUX_MAX_FRAME_DATA) throw new RangeError(`smux frame data of ${data.length} bytes`);
  const out = Buffer.allocUnsafe(SMUX_HEADER_LENGTH + data.length);
  out[0] = SMUX_VERSION;
  out[1] = cmd;
  out.writeUInt16LE(data.length, 2);
  out.writeUInt32LE(streamId >>> 0, 4);
  out.set(data, SMUX_HEADER_LENGTH);
  return out;
}

function protocolError(code: string, message: string): TunnelError {
  return new TunnelError(code, message, {
    hint: "The agent's multiplexed stream is corrupt; reconnect, and update the SSM Agent if it happens again.",
  });
}

/**
 * Reassembles frames from a byte stream whose chunk boundaries have nothing to do with frame
 * boundaries (the data channel cuts it into ≤ 1 KiB messages). Chunks are only joined when a
 * frame is complete, so a 32 KiB PSH split over 32 messages is copied once.
 */
export class SmuxFrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private header: { cmd: number; streamId: number; bodyLength: number } | null = null;
  private failed: TunnelError | null = null;

  push(chunk: Buffer): SmuxFrame[] {
    if (this.failed) throw this.failed;
    if (chunk.length) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: SmuxFrame[] = [];
    for (;;) {
      if (!this.header) {
        if (this.buffered < SMUX_HEADER_LENGTH) break;
        this.header = this.readHeader(this.take(SMUX_HEADER_LENGTH));
      }
      if (this.buffered < this.header.bodyLength) break;
      const { cmd, streamId, bodyLength } = this.header;
      this.header = null;
      frames.push({ cmd, streamId, data: bodyLength ? this.take(bodyLength) : EMPTY });
    }
    return frames;
  }

  private readHeader(h: Buffer): { cmd: number; streamId: number; bodyLength: number } {
    if (h[0] !== SMUX_VERSION) {
      this.failed = protocolError("SMUX_BAD_VERSION", `An smux frame has version ${h[0]}, not 1.`);
      throw this.failed;
    }
    const cmd = h[1]!;
    if (cmd > SmuxCmd.UPD) {
      this.failed = protocolError("SMUX_BAD_COMMAND", `An smux frame has unknown command ${cmd}.`);
      throw this.failed;
    }
    const length = h.readUInt16LE(2);
    const bodyLength = cmd === SmuxCmd.PSH ? length : cmd === SmuxCmd.UPD ? UPD_BODY_LENGTH : 0;
    return { cmd, streamId: h.readUInt32LE(4), bodyLength };
  }

  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0]!;
    if (first.length > n) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    if (first.length === n) {
      this.chunks.shift();
      return first;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const use = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, use);
      filled += use;
      if (use === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(use);
    }
    return out;
  }
}
