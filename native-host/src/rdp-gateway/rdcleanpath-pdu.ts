/**
 * The RDCleanPath PDU (docs/rdp-in-browser.md): what IronRDP's web client sends as its first
 * WebSocket message and what the gateway answers. Field numbers and meanings are those of
 * IronRDP `crates/ironrdp-rdcleanpath/src/lib.rs` (RDCleanPathPdu, RDCleanPathErr): a DER
 * SEQUENCE of [n] EXPLICIT fields, version 3390. Pure codec.
 */
import {
  children,
  explicitTag,
  octets,
  readHeader,
  readTlv,
  readUint,
  readUtf8,
  TAG,
  type Tlv,
  tlv,
  uint,
  utf8,
} from "./der";
import { GatewayError } from "./gateway-error";

/** RDCleanPath VERSION_1 = BASE_VERSION (3389) + 1. */
export const RDCLEANPATH_VERSION = 3390;
/** RDCleanPathErr error_code values. */
export const GENERAL_ERROR = 1;
export const NEGOTIATION_ERROR = 2;
/**
 * The largest request accepted. A real one carries an X.224 Connection Request (tens of bytes),
 * a destination, a token and at most a preconnection blob; 64 KiB is far above that and keeps a
 * peer from making the gateway buffer without bound.
 */
export const MAX_REQUEST_BYTES = 64 * 1024;

const F = {
  version: 0,
  error: 1,
  destination: 2,
  proxyAuth: 3,
  serverAuth: 4,
  pcb: 5,
  x224: 6,
  chain: 7,
  serverAddr: 9,
};

export interface RdCleanPathRequest {
  destination: string;
  /** The per-session secret the tab was given (SessionBuilder.authToken); "" when none was set. */
  proxyAuth: string;
  preconnectionBlob: string | null;
  x224ConnectionRequest: Uint8Array;
}

export interface RdCleanPathErrorFields {
  errorCode: number;
  httpStatusCode?: number;
  wsaLastError?: number;
  tlsAlertCode?: number;
}

export interface RdCleanPathPdu {
  version: number;
  error: RdCleanPathErrorFields | null;
  fields: Map<number, Tlv>;
}

const bad = (why: string) =>
  new GatewayError("RDCLEANPATH_MALFORMED", `The RDCleanPath message is not valid: ${why}.`, {
    hint: "The browser tab sent something that is not an RDCleanPath request; reload the tab.",
  });

/**
 * How many bytes the PDU at the start of `b` takes, or null while the header is incomplete.
 * Refuses a first byte that is not a SEQUENCE and a length over MAX_REQUEST_BYTES.
 */
export function pduLength(b: Uint8Array): number | null {
  if (b.length > 0 && b[0] !== TAG.sequence) throw bad("it does not start with a DER SEQUENCE");
  const h = readHeader(b, 0);
  if (!h) return null;
  if (h.end > MAX_REQUEST_BYTES) throw bad(`it announces ${h.end} bytes, over ${MAX_REQUEST_BYTES}`);
  return h.end;
}

/** Any RDCleanPath PDU: fields in ascending tag order, each once, version 3390. */
export function decodePdu(b: Uint8Array): RdCleanPathPdu {
  const outer = readTlv(b, 0);
  if (!outer || outer.tag !== TAG.sequence || outer.end !== b.length)
    throw bad("not exactly one DER SEQUENCE");
  const fields = new Map<number, Tlv>();
  let last = -1;
  for (const c of children(outer.value)) {
    const n = c.tag ^ 0xa0;
    if (n < 0 || n > 9 || n === 8 || (c.tag & 0xe0) !== 0xa0)
      throw bad(`unknown field tag 0x${c.tag.toString(16)}`);
    if (n <= last) throw bad(`field [${n}] out of order or repeated`);
    last = n;
    const inner = children(c.value);
    if (inner.length !== 1) throw bad(`field [${n}] does not hold exactly one value`);
    fields.set(n, inner[0]!);
  }
  const v = fields.get(F.version);
  if (!v) throw bad("no version");
  const version = readUint(v, "version");
  if (version !== RDCLEANPATH_VERSION) throw bad(`version ${version}, not ${RDCLEANPATH_VERSION}`);
  const e = fields.get(F.error);
  return { version, error: e ? decodeError(e) : null, fields };
}

function decodeError(t: Tlv): RdCleanPathErrorFields {
  if (t.tag !== TAG.sequence) throw bad("error is not a SEQUENCE");
  const out: Partial<RdCleanPathErrorFields> = {};
  const names = ["errorCode", "httpStatusCode", "wsaLastError", "tlsAlertCode"] as const;
  for (const c of children(t.value)) {
    const name = names[c.tag ^ 0xa0];
    if (!name) throw bad(`unknown error field tag 0x${c.tag.toString(16)}`);
    const inner = children(c.value);
    if (inner.length !== 1) throw bad(`error field ${name} does not hold one value`);
    out[name] = readUint(inner[0]!, name);
  }
  if (out.errorCode === undefined) throw bad("error without error_code");
  return out as RdCleanPathErrorFields;
}

/** A client's request: destination, proxy_auth and an X.224 Connection Request are required. */
export function decodeRequest(b: Uint8Array): RdCleanPathRequest {
  const pdu = decodePdu(b);
  const f = pdu.fields;
  for (const n of [F.error, F.chain, F.serverAddr]) if (f.has(n)) throw bad(`a request with field [${n}]`);
  const dest = f.get(F.destination);
  const auth = f.get(F.proxyAuth);
  const x224 = f.get(F.x224);
  if (!dest) throw bad("no destination");
  if (!auth) throw bad("no proxy_auth");
  // The VMConnect form (no X.224, a PCB payload) is for Hyper-V consoles, not an RDP server.
  if (!x224 || x224.tag !== TAG.octetString) throw bad("no X.224 connection request");
  const pcb = f.get(F.pcb);
  return {
    destination: readUtf8(dest, "destination"),
    proxyAuth: readUtf8(auth, "proxy_auth"),
    preconnectionBlob: pcb ? readUtf8(pcb, "preconnection_blob") : null,
    x224ConnectionRequest: x224.value,
  };
}

const field = (n: number, value: Uint8Array) => tlv(explicitTag(n), value);

/** The success answer: the server's X.224 Connection Confirm and its TLS certificate chain. */
export function encodeResponse(
  x224ConnectionConfirm: Uint8Array,
  certChain: Uint8Array[],
  serverAddr: string,
): Uint8Array {
  return tlv(
    TAG.sequence,
    field(F.version, uint(RDCLEANPATH_VERSION)),
    field(F.x224, octets(x224ConnectionConfirm)),
    field(F.chain, tlv(TAG.sequence, ...certChain.map(octets))),
    field(F.serverAddr, utf8(serverAddr)),
  );
}

/** An error answer; a negotiation error also carries the server's X.224 answer. */
export function encodeError(e: RdCleanPathErrorFields, x224?: Uint8Array): Uint8Array {
  const parts = [field(0, uint(e.errorCode))];
  if (e.httpStatusCode !== undefined) parts.push(field(1, uint(e.httpStatusCode)));
  if (e.wsaLastError !== undefined) parts.push(field(2, uint(e.wsaLastError)));
  if (e.tlsAlertCode !== undefined) parts.push(field(3, uint(e.tlsAlertCode)));
  return tlv(
    TAG.sequence,
    field(F.version, uint(RDCLEANPATH_VERSION)),
    field(F.error, tlv(TAG.sequence, ...parts)),
    ...(x224 ? [field(F.x224, octets(x224))] : []),
  );
}

/** A request as IronRDP's client builds it (RDCleanPathPdu::new_request); for tests and the bench. */
export function encodeRequest(r: RdCleanPathRequest): Uint8Array {
  return tlv(
    TAG.sequence,
    field(F.version, uint(RDCLEANPATH_VERSION)),
    field(F.destination, utf8(r.destination)),
    field(F.proxyAuth, utf8(r.proxyAuth)),
    ...(r.preconnectionBlob !== null ? [field(F.pcb, utf8(r.preconnectionBlob))] : []),
    field(F.x224, octets(r.x224ConnectionRequest)),
  );
}
