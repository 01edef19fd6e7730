/**
 * One browser tab's WebSocket, after the gateway accepted its origin and path: the RDCleanPath
 * request, the per-session secret, the upstream leg, the answer, then the relay (plaintext of
 * the server's TLS stream ↔ binary WebSocket messages). Any refusal is answered with an
 * RDCleanPath error PDU, which IronRDP's client shows as an RDCleanPath error with its details
 * (http_status_code, wsa_last_error), then the socket closes.
 */
import { timingSafeEqual } from "node:crypto";
import type tls from "node:tls";
import type { WebSocket } from "ws";
import type { Logger } from "../config/log";
import { GatewayError } from "./gateway-error";
import type { GatewayTicket } from "./gateway-tickets";
import {
  decodeRequest,
  encodeError,
  encodeResponse,
  GENERAL_ERROR,
  MAX_REQUEST_BYTES,
  NEGOTIATION_ERROR,
  pduLength,
  type RdCleanPathRequest,
} from "./rdcleanpath-pdu";
import type { Upstream } from "./upstream";

export interface SessionDeps {
  /** Connects to the tunnel's port, sends `firstBytes`, reads the X.224 Confirm, does TLS. */
  openUpstream(port: number, firstBytes: Uint8Array[]): Promise<Upstream>;
  /** Bounds the wait for the request; tests fire it by an explicit call. */
  timers: GatewayTimers;
  log: Logger;
}

export interface GatewayTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const REAL_GATEWAY_TIMERS: GatewayTimers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * How long a tab has, from the WebSocket's opening, to send its whole RDCleanPath request. The
 * wasm client sends it at once (IronRDP session.rs connect_rdcleanpath, one message of well under
 * 1 KiB); a socket still short of it after this holds a connection for nothing.
 */
export const REQUEST_TIMEOUT_MS = 15_000;

/** WebSocket close code 1008 "policy violation" (RFC 6455 §7.4.1) for every refusal. */
const POLICY = 1008;
/** Bytes sent to the tab and not yet written out before the server's stream is paused. */
const HIGH_WATER = 1024 * 1024;

/**
 * Resolves with the first whole PDU. Whatever the tab sends after it, before the relay starts
 * (a real client sends nothing until it has the answer), is kept in `later`, within the same cap.
 */
function readRequest(
  ws: WebSocket,
  { timers, log }: SessionDeps,
  ticketId: string,
): Promise<{ pdu: Buffer; later: Buffer[]; stop(): void }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    let pdu: Buffer | null = null;
    const later: Buffer[] = [];
    const timer = timers.set(() => {
      stop();
      log.warn("rdp gateway request timed out", { ticket: ticketId, received: buf.length });
      reject(
        new GatewayError(
          "RDP_GATEWAY_REQUEST_TIMEOUT",
          "The browser tab did not send a whole RDCleanPath request in time.",
        ),
      );
    }, REQUEST_TIMEOUT_MS);
    const stop = () => {
      timers.clear(timer);
      ws.off("message", onMessage);
    };
    const onMessage = (data: Buffer, isBinary: boolean) => {
      try {
        if (!isBinary)
          throw new GatewayError(
            "RDCLEANPATH_MALFORMED",
            "The browser tab sent a text message; RDCleanPath is binary.",
          );
        buf = Buffer.concat([buf, data]);
        if (buf.length > MAX_REQUEST_BYTES)
          throw new GatewayError("RDCLEANPATH_MALFORMED", "The RDCleanPath request is too large.");
        if (pdu) return void later.splice(0, later.length, buf.subarray(pdu.length));
        const len = pduLength(buf);
        if (len === null || buf.length < len) return;
        pdu = buf.subarray(0, len);
        if (buf.length > len) later.push(buf.subarray(len));
        timers.clear(timer);
        resolve({ pdu, later, stop });
      } catch (err) {
        stop();
        reject(err);
      }
    };
    ws.on("message", onMessage);
    ws.once("close", () => {
      stop();
      reject(
        new GatewayError("RDP_GATEWAY_CLOSED", "The browser tab closed before asking for a connection."),
      );
    });
  });
}

function secretMatches(given: string, ticket: GatewayTicket): boolean {
  const g = Buffer.from(given, "utf8");
  return g.length === ticket.secret.length && timingSafeEqual(g, ticket.secret);
}

/** What the tab is told when a step fails: the error PDU for the error's code. */
function errorPdu(err: unknown): Uint8Array {
  const code = err instanceof GatewayError ? err.code : "INTERNAL";
  switch (code) {
    case "RDCLEANPATH_MALFORMED":
      return encodeError({ errorCode: GENERAL_ERROR, httpStatusCode: 400 });
    case "RDP_GATEWAY_SECRET_MISSING":
      return encodeError({ errorCode: GENERAL_ERROR, httpStatusCode: 401 });
    case "RDP_GATEWAY_SECRET_INVALID":
      return encodeError({ errorCode: GENERAL_ERROR, httpStatusCode: 403 });
    case "RDP_GATEWAY_REQUEST_TIMEOUT":
      return encodeError({ errorCode: GENERAL_ERROR, httpStatusCode: 408 });
    case "RDP_TUNNEL_UNREACHABLE":
      return encodeError({ errorCode: GENERAL_ERROR, wsaLastError: 10061 }); // WSAECONNREFUSED
    default:
      return encodeError({ errorCode: GENERAL_ERROR, httpStatusCode: 502 });
  }
}

function checkSecret(req: RdCleanPathRequest, ticket: GatewayTicket): void {
  if (req.proxyAuth === "")
    throw new GatewayError(
      "RDP_GATEWAY_SECRET_MISSING",
      "The RDCleanPath request carries no session secret.",
    );
  if (!secretMatches(req.proxyAuth, ticket))
    throw new GatewayError(
      "RDP_GATEWAY_SECRET_INVALID",
      "The RDCleanPath request carries a wrong session secret.",
    );
}

export async function serveSession(ws: WebSocket, ticket: GatewayTicket, deps: SessionDeps): Promise<void> {
  // ws reports a bad frame (over maxPayload, bad opcode) as an 'error' and closes the socket
  // itself; without a listener that error would end the host process.
  ws.on("error", (err) =>
    deps.log.warn("rdp gateway socket error", { ticket: ticket.id, error: err.message }),
  );
  let upstream: Upstream | null = null;
  try {
    const { pdu, later, stop } = await readRequest(ws, deps, ticket.id);
    const req = decodeRequest(pdu);
    checkSecret(req, ticket);
    // The destination the tab names is not used: the ticket fixes the tunnel (Devolutions
    // Gateway likewise takes the target from its token, not from the PDU).
    const first = req.preconnectionBlob !== null ? [Buffer.from(req.preconnectionBlob, "utf8")] : [];
    upstream = await deps.openUpstream(ticket.port, [...first, req.x224ConnectionRequest]);
    if (!upstream.tls) {
      // The client reads the server's RDP_NEG_FAILURE code out of this (IronRDP session.rs).
      ws.send(encodeError({ errorCode: NEGOTIATION_ERROR }, upstream.x224Confirm));
      ws.close(POLICY, "negotiation failure");
      return;
    }
    ws.send(encodeResponse(upstream.x224Confirm, upstream.certChain, `127.0.0.1:${ticket.port}`));
    stop();
    for (const b of later) upstream.tls.write(b);
    deps.log.info("rdp gateway session relaying", { ticket: ticket.id, port: ticket.port });
    relay(ws, upstream.tls, deps.log, ticket.id);
  } catch (err) {
    const code = err instanceof GatewayError ? err.code : "INTERNAL";
    deps.log.warn("rdp gateway session refused", { ticket: ticket.id, code });
    upstream?.tls?.destroy();
    if (ws.readyState === ws.OPEN) {
      ws.send(errorPdu(err));
      ws.close(POLICY, code);
    }
  }
}

/** Both directions until either side ends; the server's stream pauses while the tab lags. */
function relay(ws: WebSocket, t: tls.TLSSocket, log: Logger, id: string): void {
  let queued = 0;
  t.on("data", (d: Buffer) => {
    queued += d.length;
    if (queued > HIGH_WATER) t.pause();
    ws.send(d, { binary: true }, () => {
      queued -= d.length;
      if (queued <= HIGH_WATER && t.isPaused()) t.resume();
    });
  });
  ws.on("message", (data: Buffer) => {
    if (!t.write(data)) {
      ws.pause();
      t.once("drain", () => ws.resume());
    }
  });
  const end = (why: string) => () => {
    if (!t.destroyed) t.destroy();
    if (ws.readyState === ws.OPEN) ws.close(1000, why);
  };
  t.once("close", end("server closed"));
  t.once("error", (err) => log.info("rdp gateway server stream error", { ticket: id, error: err.message }));
  ws.once("close", () => {
    log.info("rdp gateway session ended", { ticket: id });
    end("tab closed")();
  });
}
