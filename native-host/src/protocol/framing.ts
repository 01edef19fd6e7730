/**
 * Native-messaging framing (design §3): each message is a 32-bit little-endian byte length, then
 * that many bytes of UTF-8 JSON. Pure: bytes in, values out; the caller owns stdin/stdout.
 */

/** Width of the length prefix. */
export const LENGTH_PREFIX_BYTES = 4;
/** What the host accepts from the browser. A SAML response is tens of KB; 4 MiB is plenty. */
export const MAX_INBOUND_BYTES = 4 * 1024 * 1024;
/** What Chromium accepts from a host (developer.chrome.com native messaging: 1 MB). */
export const MAX_OUTBOUND_BYTES = 1024 * 1024;

export type DecodedFrame =
  | { kind: "message"; value: unknown }
  | { kind: "error"; code: "FRAME_TOO_LARGE" | "FRAME_NOT_JSON"; message: string };

/**
 * Turns a byte stream into frames. Frames may arrive split across reads or several per read.
 * An oversized frame is reported once and its bytes are skipped as they arrive, so the stream
 * stays in step and later frames are served.
 */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);
  private skipRemaining = 0;

  constructor(private readonly maxBytes = MAX_INBOUND_BYTES) {}

  push(chunk: Buffer): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    let data = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    for (;;) {
      if (this.skipRemaining > 0) {
        const skip = Math.min(this.skipRemaining, data.length);
        this.skipRemaining -= skip;
        data = data.subarray(skip);
        if (this.skipRemaining > 0) break;
      }
      if (data.length < LENGTH_PREFIX_BYTES) break;
      const length = data.readUInt32LE(0);
      if (length > this.maxBytes) {
        out.push({
          kind: "error",
          code: "FRAME_TOO_LARGE",
          message: `A message of ${length} bytes is over the host's limit of ${this.maxBytes} bytes.`,
        });
        data = data.subarray(LENGTH_PREFIX_BYTES);
        this.skipRemaining = length;
        continue;
      }
      if (data.length < LENGTH_PREFIX_BYTES + length) break;
      const body = data.subarray(LENGTH_PREFIX_BYTES, LENGTH_PREFIX_BYTES + length);
      data = data.subarray(LENGTH_PREFIX_BYTES + length);
      out.push(parseBody(body));
    }
    this.buffered = Buffer.from(data);
    return out;
  }

  /** Bytes of an unfinished frame still held (used to tell a clean EOF from a cut one). */
  get pendingBytes(): number {
    return this.buffered.length;
  }
}

function parseBody(body: Buffer): DecodedFrame {
  try {
    return { kind: "message", value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)) };
  } catch {
    return { kind: "error", code: "FRAME_NOT_JSON", message: "A message was not valid UTF-8 JSON." };
  }
}

/** One frame for the browser. Throws RangeError when the JSON is over the browser's 1 MB cap. */
export function encodeFrame(value: unknown, maxBytes = MAX_OUTBOUND_BYTES): Buffer {
  const body = Buffer.from(JSON.stringify(value), "utf8");
  if (body.length > maxBytes) throw new RangeError(`reply of ${body.length} bytes exceeds ${maxBytes}`);
  const frame = Buffer.allocUnsafe(LENGTH_PREFIX_BYTES + body.length);
  frame.writeUInt32LE(body.length, 0);
  body.copy(frame, LENGTH_PREFIX_BYTES);
  return frame;
}
