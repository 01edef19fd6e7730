/**
 * The binary ClientMessage of the Session Manager data channel (spec §4). Pure: bytes in, typed
 * values out and back; no socket, clock or logging. All integers are big-endian.
 */
import { hash, randomFillSync } from "node:crypto";
import { TunnelError } from "../../errors";
import { isPublicationType } from "./message-types";

/** HeaderLength counts everything before PayloadLength; always 116 on send (spec §4). */
export const HEADER_LENGTH = 116;
/** Payload starts after HeaderLength (4 bytes) and the header: 4 + 116 = 120. */
export const PAYLOAD_OFFSET = 120;
/** One line per field offset (spec §4 table). */
const OFFSET_HEADER_LENGTH = 0;
const OFFSET_MESSAGE_TYPE = 4;
const MESSAGE_TYPE_LENGTH = 32;
const OFFSET_SCHEMA_VERSION = 36;
const OFFSET_CREATED_DATE = 40;
const OFFSET_SEQUENCE_NUMBER = 48;
const OFFSET_FLAGS = 56;
const OFFSET_MESSAGE_ID = 64;
const OFFSET_PAYLOAD_DIGEST = 80;
const DIGEST_LENGTH = 32;
const OFFSET_PAYLOAD_TYPE = 112;
/** SchemaVersion is always 1 (spec §4, §11). */
export const SCHEMA_VERSION = 1;
const TWO_32 = 2 ** 32;

export interface ClientMessage {
  messageType: string;
  schemaVersion: number;
  /** Milliseconds since the Unix epoch, UTC. */
  createdDate: number;
  sequenceNumber: number;
  flags: number;
  /** Canonical lower-case hyphenated UUID text. */
  messageId: string;
  payloadType: number;
  payload: Buffer;
}

function malformed(code: string, message: string): TunnelError {
  return new TunnelError(code, message, {
    hint: "The Session Manager service sent a frame bastionless cannot read; it is dropped and resent by the peer.",
  });
}

function readUint64(buf: Buffer, offset: number): number {
  return buf.readUInt32BE(offset) * TWO_32 + buf.readUInt32BE(offset + 4);
}

function writeUint64(buf: Buffer, offset: number, value: number): void {
  buf.writeUInt32BE(Math.floor(value / TWO_32) >>> 0, offset);
  buf.writeUInt32BE(value >>> 0, offset + 4);
}

/** SequenceNumber is an int64; anything outside JS's safe integers is refused (spec §4). */
function readInt64(buf: Buffer, offset: number): number {
  const value = buf.readInt32BE(offset) * TWO_32 + buf.readUInt32BE(offset + 4);
  if (!Number.isSafeInteger(value))
    throw malformed("CLIENT_MESSAGE_BAD_SEQUENCE", "A SequenceNumber is out of range.");
  return value;
}

/**
 * MessageId goes on the wire as bytes 8–15 then 0–7 of the canonical UUID (spec §4). Written
 * straight from the 8-4-4-4-12 text: no regex or intermediate string on the hot path.
 */
function writeMessageId(buf: Buffer, offset: number, id: string): void {
  const ok =
    id.length === 36 &&
    id[8] === "-" &&
    id[13] === "-" &&
    id[18] === "-" &&
    id[23] === "-" &&
    buf.write(id.slice(19, 23), offset, 2, "hex") +
      buf.write(id.slice(24), offset + 2, 6, "hex") +
      buf.write(id.slice(0, 8), offset + 8, 4, "hex") +
      buf.write(id.slice(9, 13), offset + 12, 2, "hex") +
      buf.write(id.slice(14, 18), offset + 14, 2, "hex") ===
      16;
  if (!ok) throw new TypeError(`not a UUID: ${id}`);
}

/** `messageId` value asking the encoder for a fresh random (v4) MessageId written in place. */
export const NEW_MESSAGE_ID = "";
/** Random bytes for 256 MessageIds per refill: one RNG call instead of one UUID string per message. */
const idPool = Buffer.allocUnsafe(16 * 256);
let idPoolAt = idPool.length;

function writeRandomMessageId(buf: Buffer, offset: number): void {
  if (idPoolAt === idPool.length) {
    randomFillSync(idPool);
    idPoolAt = 0;
  }
  idPool.copy(buf, offset, idPoolAt, idPoolAt + 16);
  idPoolAt += 16;
  // RFC 4122 v4 bits: b6 is wire byte 14 and b8 wire byte 0 (halves swapped, spec §4).
  buf[offset + 14] = (buf[offset + 14]! & 0x0f) | 0x40;
  buf[offset] = (buf[offset]! & 0x3f) | 0x80;
}

function readMessageId(buf: Buffer, offset: number): string {
  const h = buf.toString("hex", offset + 8, offset + 16) + buf.toString("hex", offset, offset + 8);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** MessageType: strip NULs from both ends, then whitespace (the JS library right-aligns). */
function readMessageType(buf: Buffer): string {
  let start = OFFSET_MESSAGE_TYPE;
  let end = OFFSET_MESSAGE_TYPE + MESSAGE_TYPE_LENGTH;
  while (start < end && isPadding(buf[start]!)) start++;
  while (end > start && isPadding(buf[end - 1]!)) end--;
  return buf.toString("latin1", start, end);
}

/** NUL, space and the other ASCII whitespace trimmed by the plugin. */
function isPadding(b: number): boolean {
  return b === 0x00 || b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/** One-shot SHA-256 (crypto.hash: no Hash object per message on the hot path). */
export function sha256(data: Uint8Array): Buffer {
  return hash("sha256", data, "buffer");
}

/** The length of a frame carrying `payloadBytes`. */
export function frameLength(payloadBytes: number): number {
  return PAYLOAD_OFFSET + payloadBytes;
}

/**
 * One frame; `messageId` NEW_MESSAGE_ID gets a random id written in place. `into`, when given, is
 * a buffer of exactly frameLength(payload) bytes to write it in (every byte is written).
 */
export function encodeClientMessage(msg: ClientMessage, into?: Buffer): Buffer {
  if (msg.messageType.length === 0 || msg.messageType.length > MESSAGE_TYPE_LENGTH) {
    throw new TypeError(`MessageType must be 1–32 characters: ${msg.messageType}`);
  }
  const length = frameLength(msg.payload.length);
  if (into && into.length !== length)
    throw new RangeError(`a ${length}-byte frame into ${into.length} bytes`);
  const frame = into ?? Buffer.allocUnsafe(length);
  frame.writeUInt32BE(HEADER_LENGTH, OFFSET_HEADER_LENGTH);
  frame.fill(0x20, OFFSET_MESSAGE_TYPE, OFFSET_MESSAGE_TYPE + MESSAGE_TYPE_LENGTH);
  frame.write(msg.messageType, OFFSET_MESSAGE_TYPE, "latin1");
  frame.writeUInt32BE(msg.schemaVersion, OFFSET_SCHEMA_VERSION);
  writeUint64(frame, OFFSET_CREATED_DATE, msg.createdDate);
  frame.writeInt32BE(Math.floor(msg.sequenceNumber / TWO_32), OFFSET_SEQUENCE_NUMBER);
  frame.writeUInt32BE(msg.sequenceNumber >>> 0, OFFSET_SEQUENCE_NUMBER + 4);
  writeUint64(frame, OFFSET_FLAGS, msg.flags);
  if (msg.messageId === NEW_MESSAGE_ID) writeRandomMessageId(frame, OFFSET_MESSAGE_ID);
  else writeMessageId(frame, OFFSET_MESSAGE_ID, msg.messageId);
  frame.writeUInt32BE(msg.payloadType, OFFSET_PAYLOAD_TYPE);
  frame.writeUInt32BE(msg.payload.length, HEADER_LENGTH);
  msg.payload.copy(frame, PAYLOAD_OFFSET);
  sha256(msg.payload).copy(frame, OFFSET_PAYLOAD_DIGEST);
  return frame;
}

/**
 * Parses and validates one frame (spec §4 receiving rules): the payload starts at HeaderLength + 4
 * and must be exactly PayloadLength bytes; MessageType non-empty, CreatedDate ≠ 0 and the SHA-256
 * digest are checked except for start/pause_publication. Throws a TunnelError with a stable code.
 */
export function decodeClientMessage(input: Uint8Array): ClientMessage {
  const frame = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (frame.length < PAYLOAD_OFFSET)
    throw malformed("CLIENT_MESSAGE_TRUNCATED", `A ${frame.length}-byte frame is shorter than a header.`);
  const headerLength = frame.readUInt32BE(OFFSET_HEADER_LENGTH);
  if (headerLength < HEADER_LENGTH || headerLength + 4 > frame.length) {
    throw malformed(
      "CLIENT_MESSAGE_BAD_HEADER_LENGTH",
      `HeaderLength ${headerLength} does not fit a ${frame.length}-byte frame.`,
    );
  }
  const payloadLength = frame.readUInt32BE(headerLength);
  if (payloadLength !== frame.length - headerLength - 4) {
    throw malformed(
      "CLIENT_MESSAGE_BAD_PAYLOAD_LENGTH",
      `PayloadLength ${payloadLength} disagrees with the frame length.`,
    );
  }
  const msg: ClientMessage = {
    messageType: readMessageType(frame),
    schemaVersion: frame.readUInt32BE(OFFSET_SCHEMA_VERSION),
    createdDate: readUint64(frame, OFFSET_CREATED_DATE),
    sequenceNumber: readInt64(frame, OFFSET_SEQUENCE_NUMBER),
    flags: readUint64(frame, OFFSET_FLAGS),
    messageId: readMessageId(frame, OFFSET_MESSAGE_ID),
    payloadType: frame.readUInt32BE(OFFSET_PAYLOAD_TYPE),
    payload: frame.subarray(headerLength + 4),
  };
  if (isPublicationType(msg.messageType)) return msg;
  if (msg.messageType.length === 0)
    throw malformed("CLIENT_MESSAGE_NO_TYPE", "A frame has an empty MessageType.");
  if (msg.createdDate === 0) throw malformed("CLIENT_MESSAGE_NO_DATE", "A frame has CreatedDate 0.");
  if (
    payloadLength !== 0 &&
    !sha256(msg.payload).equals(frame.subarray(OFFSET_PAYLOAD_DIGEST, OFFSET_PAYLOAD_DIGEST + DIGEST_LENGTH))
  ) {
    throw malformed("CLIENT_MESSAGE_BAD_DIGEST", "A frame's PayloadDigest does not match its payload.");
  }
  return msg;
}
