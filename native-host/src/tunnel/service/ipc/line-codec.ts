/**
 * Newline-delimited JSON for the tunnel service socket. Pure: bytes in, values out. A line over
 * the cap is an error (the peer is not one of ours); the caller closes the connection.
 */

/** Service messages are small (a tunnel list of a few KB); 1 MiB leaves room and bounds memory. */
export const MAX_LINE_BYTES = 1024 * 1024;

export type DecodedLine =
  | { kind: "message"; value: unknown }
  | { kind: "error"; code: "LINE_TOO_LONG" | "LINE_NOT_JSON" };

export class LineDecoder {
  private pending: Buffer[] = [];
  private partBytes = 0;

  constructor(private readonly maxBytes = MAX_LINE_BYTES) {}

  /** Bytes of a line begun but not finished. */
  get pendingBytes(): number {
    return this.partBytes;
  }

  push(chunk: Buffer): DecodedLine[] {
    const out: DecodedLine[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      const line = Buffer.concat([...this.pending, chunk.subarray(start, nl)]);
      this.pending = [];
      this.partBytes = 0;
      start = nl + 1;
      if (line.length > this.maxBytes) out.push({ kind: "error", code: "LINE_TOO_LONG" });
      else if (line.length > 0) out.push(parseLine(line));
    }
    const rest = chunk.subarray(start);
    if (rest.length) {
      this.partBytes += rest.length;
      if (this.partBytes > this.maxBytes) {
        this.pending = [];
        this.partBytes = 0;
        out.push({ kind: "error", code: "LINE_TOO_LONG" });
      } else {
        this.pending.push(rest);
      }
    }
    return out;
  }
}

function parseLine(line: Buffer): DecodedLine {
  try {
    return { kind: "message", value: JSON.parse(line.toString("utf8")) };
  } catch {
    return { kind: "error", code: "LINE_NOT_JSON" };
  }
}

export function encodeLine(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value)}\n`, "utf8");
}
