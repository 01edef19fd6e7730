/**
 * The little of DER (ITU-T X.690 §8, §10) the RDCleanPath PDU needs: definite lengths in their
 * shortest form, single-byte tags, non-negative INTEGERs. Pure; the reader refuses anything else
 * with GatewayError RDCLEANPATH_MALFORMED rather than guess.
 */
import { GatewayError } from "./gateway-error";

export interface Tlv {
  tag: number;
  value: Uint8Array;
  /** Offset just past this element in the buffer it was read from. */
  end: number;
}

export const TAG = { integer: 0x02, octetString: 0x04, utf8String: 0x0c, sequence: 0x30 } as const;
/** [n] EXPLICIT: context-specific, constructed (X.690 §8.1.2). */
export const explicitTag = (n: number) => 0xa0 | n;

const malformed = (why: string) =>
  new GatewayError("RDCLEANPATH_MALFORMED", `The RDCleanPath message is not valid DER: ${why}.`, {
    hint: "The browser tab sent something that is not an RDCleanPath request; reload the tab.",
  });

/**
 * The element's header at `at`: null while more bytes are needed. Lengths over 4 bytes or in a
 * longer form than needed are refused (DER, X.690 §10.1).
 */
export function readHeader(b: Uint8Array, at: number): { tag: number; start: number; end: number } | null {
  if (b.length < at + 2) return null;
  const tag = b[at]!;
  if ((tag & 0x1f) === 0x1f) throw malformed("multi-byte tags are not used by RDCleanPath");
  const first = b[at + 1]!;
  if (first < 0x80) return { tag, start: at + 2, end: at + 2 + first };
  const n = first & 0x7f;
  if (n === 0) throw malformed("indefinite length");
  if (n > 4) throw malformed("a length over 4 bytes");
  if (b.length < at + 2 + n) return null;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[at + 2 + i]!;
  if (len < 0x80 || b[at + 2]! === 0) throw malformed("a length not in its shortest form");
  return { tag, start: at + 2 + n, end: at + 2 + n + len };
}

/** One whole element at `at`, or null while more bytes are needed. */
export function readTlv(b: Uint8Array, at: number): Tlv | null {
  const h = readHeader(b, at);
  if (!h || b.length < h.end) return null;
  return { tag: h.tag, value: b.subarray(h.start, h.end), end: h.end };
}

/** Every element inside a constructed value; the value must be exactly a run of elements. */
export function children(value: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < value.length; ) {
    const t = readTlv(value, at);
    if (!t) throw malformed("an element runs past its container");
    out.push(t);
    at = t.end;
  }
  return out;
}

export function expectTag(t: Tlv, tag: number, what: string): Uint8Array {
  if (t.tag !== tag) throw malformed(`${what} has tag 0x${t.tag.toString(16)}`);
  return t.value;
}

/** A non-negative INTEGER up to 2^48, minimal (X.690 §8.3.2). */
export function readUint(t: Tlv, what: string): number {
  const v = expectTag(t, TAG.integer, what);
  if (v.length === 0 || v.length > 7) throw malformed(`${what} is not a small integer`);
  if (v[0]! & 0x80) throw malformed(`${what} is negative`);
  if (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) throw malformed(`${what} is not minimal`);
  let n = 0;
  for (const x of v) n = n * 256 + x;
  return n;
}

export function readUtf8(t: Tlv, what: string): string {
  const v = expectTag(t, TAG.utf8String, what);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(v);
  } catch {
    throw malformed(`${what} is not UTF-8`);
  }
}

function length(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  return Buffer.concat([Uint8Array.of(tag), length(body.length), body]);
}

export function uint(n: number): Uint8Array {
  const bytes: number[] = [];
  let x = n;
  do {
    bytes.unshift(x & 0xff);
    x = Math.floor(x / 256);
  } while (x > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(TAG.integer, Uint8Array.from(bytes));
}

export const utf8 = (s: string) => tlv(TAG.utf8String, Buffer.from(s, "utf8"));
export const octets = (b: Uint8Array) => tlv(TAG.octetString, b);
