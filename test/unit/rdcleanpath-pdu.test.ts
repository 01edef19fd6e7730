import { describe, expect, it } from "vitest";
import { GatewayError } from "../../native-host/src/rdp-gateway/gateway-error";
import {
  decodePdu,
  decodeRequest,
  encodeError,
  encodeRequest,
  encodeResponse,
  MAX_REQUEST_BYTES,
  pduLength,
} from "../../native-host/src/rdp-gateway/rdcleanpath-pdu";
import { isNegotiationFailure, x224ConfirmLength } from "../../native-host/src/rdp-gateway/x224-confirm";
import { hex, REAL_REQUEST, X224_CONFIRM, X224_REQUEST } from "../support/rdcleanpath-vectors";

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return (err as GatewayError).code;
  }
  throw new Error("did not throw");
}

describe("RDCleanPath PDU (IronRDP crates/ironrdp-rdcleanpath)", () => {
  it("reads the request a real ironrdp-wasm client sent", () => {
    expect(pduLength(REAL_REQUEST)).toBe(REAL_REQUEST.length);
    const r = decodeRequest(REAL_REQUEST);
    expect(r).toEqual({
      destination: "127.0.0.1:41845",
      proxyAuth: "secret-token",
      preconnectionBlob: null,
      x224ConnectionRequest: X224_REQUEST,
    });
    expect(Buffer.from(encodeRequest(r))).toEqual(REAL_REQUEST);
  });

  it("encodes the answer byte for byte as DER with explicit tags [0] [6] [7] [9]", () => {
    const cert = hex("3003020101");
    expect(Buffer.from(encodeResponse(X224_CONFIRM, [cert], "127.0.0.1:1"))).toEqual(
      hex(`3037 a004 0202 0d3e a615 0413 ${X224_CONFIRM.toString("hex")} a709 3007 0405 3003020101
           a90d 0c0b ${Buffer.from("127.0.0.1:1").toString("hex")}`),
    );
    const back = decodePdu(encodeResponse(X224_CONFIRM, [cert, cert], "x"));
    expect(back.error).toBeNull();
    expect([...back.fields.keys()]).toEqual([0, 6, 7, 9]);
  });

  it("uses long-form lengths for a large certificate chain", () => {
    const pdu = encodeResponse(X224_CONFIRM, [Buffer.alloc(300, 7)], "x");
    expect(pdu[1]).toBe(0x82);
    expect(pduLength(pdu)).toBe(pdu.length);
    expect(decodePdu(pdu).fields.get(7)!.value.length).toBe(304);
  });

  it("encodes errors with their optional details and reads them back", () => {
    expect(Buffer.from(encodeError({ errorCode: 1, httpStatusCode: 401 }))).toEqual(
      hex("3015 a004 0202 0d3e a10d 300b a003 020101 a104 02020191"),
    );
    expect(decodePdu(encodeError({ errorCode: 1, wsaLastError: 10061 })).error).toEqual({
      errorCode: 1,
      wsaLastError: 10061,
    });
    const neg = decodePdu(encodeError({ errorCode: 2 }, X224_CONFIRM));
    expect(neg.error).toEqual({ errorCode: 2 });
    expect(Buffer.from(neg.fields.get(6)!.value)).toEqual(X224_CONFIRM);
  });

  it("waits for the header, then knows the length; refuses what is not a SEQUENCE or too large", () => {
    expect(pduLength(REAL_REQUEST.subarray(0, 1))).toBeNull();
    expect(pduLength(REAL_REQUEST.subarray(0, 2))).toBe(92);
    expect(pduLength(hex("3082"))).toBeNull();
    expect(code(() => pduLength(hex("0300001300")))).toBe("RDCLEANPATH_MALFORMED");
    expect(code(() => pduLength(hex("3083 020000")))).toBe("RDCLEANPATH_MALFORMED");
    expect(MAX_REQUEST_BYTES).toBeLessThan(0x20000);
  });

  it.each([
    ["another version", (b: Buffer) => Buffer.from(b).fill(0x3f, 7, 8)],
    ["trailing bytes", (b: Buffer) => Buffer.concat([b, hex("00")])],
    ["truncated", (b: Buffer) => b.subarray(0, b.length - 1)],
    ["indefinite length", (b: Buffer) => Buffer.concat([hex("3080"), b.subarray(2), hex("0000")])],
    ["a non-minimal length", (b: Buffer) => Buffer.concat([hex("30815a"), b.subarray(2)])],
  ])("refuses %s", (_name, mutate) => {
    expect(code(() => decodeRequest(mutate(Buffer.from(REAL_REQUEST))))).toBe("RDCLEANPATH_MALFORMED");
  });

  it("refuses fields out of order, unknown tags, and requests missing what a request must carry", () => {
    const v = hex("a004 0202 0d3e");
    const dest = hex("a203 0c01 61");
    const auth = hex("a303 0c01 62");
    const x224 = hex("a603 0401 00");
    const seq = (...p: Buffer[]) => {
      const body = Buffer.concat(p);
      return Buffer.concat([hex("30"), Uint8Array.of(body.length), body]);
    };
    expect(decodeRequest(seq(v, dest, auth, x224)).proxyAuth).toBe("b");
    expect(code(() => decodeRequest(seq(v, auth, dest, x224)))).toBe("RDCLEANPATH_MALFORMED");
    expect(code(() => decodeRequest(seq(v, dest, dest, auth, x224)))).toBe("RDCLEANPATH_MALFORMED");
    expect(code(() => decodeRequest(seq(v, dest, auth, x224, hex("a803 0c01 63"))))).toBe(
      "RDCLEANPATH_MALFORMED",
    );
    expect(code(() => decodeRequest(seq(v, dest, x224)))).toBe("RDCLEANPATH_MALFORMED");
    expect(code(() => decodeRequest(seq(v, auth, x224)))).toBe("RDCLEANPATH_MALFORMED");
    // The VMConnect form (a blob, no X.224) is not for RDP servers.
    expect(code(() => decodeRequest(seq(v, dest, auth, hex("a503 0c01 63"))))).toBe("RDCLEANPATH_MALFORMED");
    // An answer is not a request.
    expect(code(() => decodeRequest(encodeResponse(X224_CONFIRM, [], "x")))).toBe("RDCLEANPATH_MALFORMED");
    // Strings must be UTF-8 and UTF8String.
    expect(code(() => decodeRequest(seq(v, hex("a203 0c01 ff"), auth, x224)))).toBe("RDCLEANPATH_MALFORMED");
    expect(code(() => decodeRequest(seq(v, hex("a203 0401 61"), auth, x224)))).toBe("RDCLEANPATH_MALFORMED");
  });
});

describe("X.224 Connection Confirm (MS-RDPBCGR 2.2.1.2)", () => {
  it("knows its length from the TPKT header and tells a negotiation failure apart", () => {
    expect(x224ConfirmLength(X224_CONFIRM.subarray(0, 3))).toBeNull();
    expect(x224ConfirmLength(X224_CONFIRM)).toBe(19);
    expect(isNegotiationFailure(X224_CONFIRM)).toBe(false);
    expect(isNegotiationFailure(hex("030000130ed000000000000300080005000000"))).toBe(true);
  });

  it("refuses what is not a TPKT or is too large", () => {
    expect(code(() => x224ConfirmLength(hex("16030100")))).toBe("RDP_SERVER_ANSWER_INVALID");
    expect(code(() => x224ConfirmLength(hex("03000201")))).toBe("RDP_SERVER_ANSWER_INVALID");
    expect(code(() => x224ConfirmLength(hex("03000005")))).toBe("RDP_SERVER_ANSWER_INVALID");
  });
});
