/**
 * The RDP server's first answer, read by the gateway before TLS (docs/rdp-in-browser.md): one
 * TPKT (RFC 1006 §6: version 3, reserved, 16-bit big-endian length including the header)
 * holding the X.224 Connection Confirm (MS-RDPBCGR 2.2.1.2). Pure.
 */
import { GatewayError } from "./gateway-error";

/** Devolutions Gateway allows the same (rd_clean_path.rs read_x224_response, MAX_READ_SIZE). */
export const MAX_X224_CONFIRM_BYTES = 512;
/** TPKT header (4) + X.224 CC fixed part (7): LI, CC code, DST-REF, SRC-REF, class. */
const NEG_TYPE_OFFSET = 11;
/** MS-RDPBCGR 2.2.1.2.2 RDP_NEG_FAILURE. */
const TYPE_RDP_NEG_FAILURE = 0x03;

const bad = (why: string) =>
  new GatewayError(
    "RDP_SERVER_ANSWER_INVALID",
    `The RDP server's first answer is not an X.224 Connection Confirm: ${why}.`,
    {
      hint: "Check that the tunnel's remote port is an RDP server (3389).",
    },
  );

/** The confirm's total length once its TPKT header is in, else null. */
export function x224ConfirmLength(b: Uint8Array): number | null {
  if (b.length < 4) return null;
  if (b[0] !== 3 || b[1] !== 0) throw bad(`TPKT version ${b[0]}`);
  const len = (b[2]! << 8) | b[3]!;
  if (len < NEG_TYPE_OFFSET) throw bad(`a TPKT of ${len} bytes`);
  if (len > MAX_X224_CONFIRM_BYTES) throw bad(`a TPKT of ${len} bytes, over ${MAX_X224_CONFIRM_BYTES}`);
  return len;
}

/** Whether the server refused the client's security protocols (RDP_NEG_FAILURE). */
export function isNegotiationFailure(confirm: Uint8Array): boolean {
  return confirm.length > NEG_TYPE_OFFSET && confirm[NEG_TYPE_OFFSET] === TYPE_RDP_NEG_FAILURE;
}
