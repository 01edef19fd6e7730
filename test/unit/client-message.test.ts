import { describe, expect, it } from "vitest";
import { TunnelError } from "../../native-host/src/errors";
import {
  decodeAcknowledgedSequence,
  encodeAcknowledge,
  encodeAcknowledgePayload,
} from "../../native-host/src/tunnel/core/acknowledge";
import {
  type ClientMessage,
  decodeClientMessage,
  encodeClientMessage,
  NEW_MESSAGE_ID,
  PAYLOAD_OFFSET,
} from "../../native-host/src/tunnel/core/client-message";
import { decodeFlagPayload, encodeFlagPayload } from "../../native-host/src/tunnel/core/message-types";

// Spec §4.1, byte for byte as cross-checked against the plugin's serializer.
const VECTOR_1 =
  "00000074696e7075745f73747265616d5f64617461202020202020202020202020202020000000010000018bcfe568000000000000000000000000000000000099aabbccddeeff0011223344556677882cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824000000010000000568656c6c6f";
const VECTOR_2 =
  "0000007461636b6e6f776c65646765202020202020202020202020202020202020202020000000010000018bcfe5687b000000000000000000000000000000038fedcba987654321fedcba9876544321c704b547729e6ee9907e10be268840b76f6f4c2e4254858eadfa34bb40152cc100000000000000b07b2241636b6e6f776c65646765644d65737361676554797065223a226f75747075745f73747265616d5f64617461222c2241636b6e6f776c65646765644d6573736167654964223a2230613162326333642d346535662d343037312d383239332d613462356336643765386639222c2241636b6e6f776c65646765644d65737361676553657175656e63654e756d626572223a372c22497353657175656e7469616c4d657373616765223a747275657d";
// Vector 3 as the spec prints it (hexdump); only the hex columns are read.
const VECTOR_3 = fromHexdump(`
0000  00 00 00 74 69 6e 70 75 74 5f 73 74 72 65 61 6d  |...tinput_stream|
0010  5f 64 61 74 61 20 20 20 20 20 20 20 20 20 20 20  |_data           |
0020  20 20 20 20 00 00 00 01 00 00 01 8b cf e5 69 c8  |    ..........i.|
0030  00 00 00 00 00 00 00 05 00 00 00 00 00 00 00 00  |................|
0040  80 00 00 00 00 00 00 01 00 00 00 00 00 00 40 00  |..............@.|
0050  43 3e bf 5b c0 3d ff a3 85 36 67 32 07 a2 12 81  |C>.[.=...6g2....|
0060  61 2c ef 5f aa 9b c7 a4 d5 b9 be 2f db 12 cf 1a  |a,._......./....|
0070  00 00 00 0a 00 00 00 04 00 00 00 02              |............|
`);

function fromHexdump(dump: string): string {
  return dump
    .trim()
    .split("\n")
    .map((line) => line.slice(6, 53).replace(/\s+/g, ""))
    .join("");
}

const vector1: ClientMessage = {
  messageType: "input_stream_data",
  schemaVersion: 1,
  createdDate: 1700000000000,
  sequenceNumber: 0,
  flags: 0,
  messageId: "11223344-5566-7788-99aa-bbccddeeff00",
  payloadType: 1,
  payload: Buffer.from("hello"),
};

function corrupt(hex: string, at: number, byte: number): Buffer {
  const b = Buffer.from(hex, "hex");
  b[at] = byte;
  return b;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof TunnelError ? err.code : `not a TunnelError: ${err}`;
  }
  return undefined;
}

describe("ClientMessage codec (spec §4)", () => {
  it("encodes vector 1 (client data message) byte for byte", () => {
    expect(encodeClientMessage(vector1).toString("hex")).toBe(VECTOR_1);
  });

  it("decodes vector 1 back, MessageId halves swapped back to canonical text", () => {
    const m = decodeClientMessage(Buffer.from(VECTOR_1, "hex"));
    expect({ ...m, payload: m.payload.toString() }).toEqual({ ...vector1, payload: "hello" });
  });

  it("encodes vector 2 (acknowledge for seq 7) byte for byte", () => {
    const acked = {
      ...vector1,
      messageType: "output_stream_data",
      sequenceNumber: 7,
      messageId: "0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9",
    };
    const frame = encodeAcknowledge(acked, "fedcba98-7654-4321-8fed-cba987654321", 1700000000123);
    expect(frame.toString("hex")).toBe(VECTOR_2);
    expect(frame.length).toBe(296);
    expect(decodeAcknowledgedSequence(decodeClientMessage(frame).payload)).toBe(7);
  });

  it("encodes vector 3 (TerminateSession flag) byte for byte", () => {
    const frame = encodeClientMessage({
      ...vector1,
      createdDate: 1700000000456,
      sequenceNumber: 5,
      messageId: "00000000-0000-4000-8000-000000000001",
      payloadType: 10,
      payload: encodeFlagPayload(2),
    });
    expect(frame.toString("hex")).toBe(VECTOR_3);
    expect(frame.length).toBe(124);
    expect(decodeFlagPayload(decodeClientMessage(frame).payload)).toBe(2);
  });

  it("writes a fresh random v4 MessageId in place when asked for NEW_MESSAGE_ID", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const id = decodeClientMessage(
        encodeClientMessage({ ...vector1, messageId: NEW_MESSAGE_ID }),
      ).messageId;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(600);
  });

  it("refuses to encode a MessageId that is not a UUID", () => {
    expect(() =>
      encodeClientMessage({ ...vector1, messageId: "11223344-5566-7788-99aa-bbccddeeffzz" }),
    ).toThrow(TypeError);
    expect(() => encodeClientMessage({ ...vector1, messageId: "not-a-uuid" })).toThrow(TypeError);
  });

  it("keeps the acknowledge keys in the spec's order", () => {
    const p = encodeAcknowledgePayload({
      acknowledgedMessageType: "output_stream_data",
      acknowledgedMessageId: "x",
      acknowledgedSequenceNumber: 3,
    });
    expect(p.toString()).toBe(
      '{"AcknowledgedMessageType":"output_stream_data","AcknowledgedMessageId":"x","AcknowledgedMessageSequenceNumber":3,"IsSequentialMessage":true}',
    );
    const odd = encodeAcknowledgePayload({
      acknowledgedMessageType: 'a"b',
      acknowledgedMessageId: "\n",
      acknowledgedSequenceNumber: 1,
    });
    expect(JSON.parse(odd.toString())).toMatchObject({
      AcknowledgedMessageType: 'a"b',
      AcknowledgedMessageId: "\n",
    });
  });

  it("reads a MessageType right-aligned with leading NULs (the JS library's form)", () => {
    const b = Buffer.from(VECTOR_1, "hex");
    b.fill(0, 4, 36);
    b.write("input_stream_data", 36 - 17, "latin1");
    expect(decodeClientMessage(b).messageType).toBe("input_stream_data");
  });

  it("takes the payload from HeaderLength + 4 when the header is longer than 116", () => {
    const v = Buffer.from(VECTOR_1, "hex");
    const longer = Buffer.concat([v.subarray(0, 116), Buffer.alloc(4), v.subarray(116)]);
    longer.writeUInt32BE(120, 0);
    expect(decodeClientMessage(longer).payload.toString()).toBe("hello");
  });

  it("round-trips negative and large sequence numbers and an empty payload", () => {
    for (const seq of [-1, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) {
      const m = { ...vector1, sequenceNumber: seq, payload: Buffer.alloc(0) };
      expect(decodeClientMessage(encodeClientMessage(m)).sequenceNumber).toBe(seq);
    }
  });

  it("refuses malformed frames with stable codes", () => {
    expect(codeOf(() => decodeClientMessage(Buffer.alloc(10)))).toBe("CLIENT_MESSAGE_TRUNCATED");
    expect(codeOf(() => decodeClientMessage(corrupt(VECTOR_1, 3, 0x00)))).toBe(
      "CLIENT_MESSAGE_BAD_HEADER_LENGTH",
    );
    expect(codeOf(() => decodeClientMessage(corrupt(VECTOR_1, 119, 0x06)))).toBe(
      "CLIENT_MESSAGE_BAD_PAYLOAD_LENGTH",
    );
    expect(codeOf(() => decodeClientMessage(corrupt(VECTOR_1, PAYLOAD_OFFSET, 0x48)))).toBe(
      "CLIENT_MESSAGE_BAD_DIGEST",
    );
    expect(codeOf(() => decodeClientMessage(Buffer.from(VECTOR_1, "hex").fill(0x20, 4, 36)))).toBe(
      "CLIENT_MESSAGE_NO_TYPE",
    );
    expect(codeOf(() => decodeClientMessage(Buffer.from(VECTOR_1, "hex").fill(0, 40, 48)))).toBe(
      "CLIENT_MESSAGE_NO_DATE",
    );
    expect(codeOf(() => decodeClientMessage(Buffer.from(VECTOR_1, "hex").fill(0x7f, 48, 50)))).toBe(
      "CLIENT_MESSAGE_BAD_SEQUENCE",
    );
  });

  it("skips digest and date checks for start/pause_publication (spec §4)", () => {
    const frame = encodeClientMessage({
      ...vector1,
      messageType: "pause_publication",
      payload: Buffer.from("x"),
    });
    frame.fill(0, 40, 48);
    frame.fill(0, 80, 112);
    expect(decodeClientMessage(frame).messageType).toBe("pause_publication");
  });

  it("refuses an acknowledge without a sequence number", () => {
    expect(codeOf(() => decodeAcknowledgedSequence(Buffer.from('{"AcknowledgedMessageId":"x"}')))).toBe(
      "CLIENT_MESSAGE_BAD_ACK",
    );
    expect(codeOf(() => decodeAcknowledgedSequence(Buffer.from("not json")))).toBe("CLIENT_MESSAGE_BAD_ACK");
  });

  it("never throws anything but a coded TunnelError on random bytes", () => {
    for (let i = 0; i < 3000; i++) {
      const len = i % 3 === 0 ? 120 + Math.floor(Math.random() * 40) : Math.floor(Math.random() * 200);
      const buf = Buffer.alloc(len);
      for (let j = 0; j < len; j++) buf[j] = Math.floor(Math.random() * 256);
      if (len >= 4 && i % 2 === 0) buf.writeUInt32BE(116, 0);
      const code = codeOf(() => decodeClientMessage(buf));
      if (code !== undefined) expect(code).toMatch(/^CLIENT_MESSAGE_[A-Z_]+$/);
    }
  });
});
