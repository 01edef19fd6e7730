/**
 * The gateway's leg to the RDP server, through the tunnel's local port: the client's X.224
 * Connection Request, the server's Confirm, then TLS as a client (docs/rdp-in-browser.md; the
 * order is Devolutions Gateway's rd_clean_path.rs connect_rdp_server). The certificate is not
 * checked here: the chain goes back to the browser tab, and CredSSP in the client binds the
 * password exchange to that certificate's public key (MS-CSSP 3.1.5, pubKeyAuth).
 */
import net from "node:net";
import tls from "node:tls";
import { GatewayError } from "./gateway-error";
import { isNegotiationFailure, x224ConfirmLength } from "./x224-confirm";

export interface Upstream {
  /** Null when the server refused the client's protocols (RDP_NEG_FAILURE): no TLS follows. */
  tls: tls.TLSSocket | null;
  x224Confirm: Uint8Array;
  certChain: Uint8Array[];
}

/** The whole leg: connect, the tab's first bytes (preconnection blob, X.224 request), confirm, TLS. */
export async function openUpstream(port: number, firstBytes: Uint8Array[]): Promise<Upstream> {
  const sock = await connectLoopback(port);
  try {
    for (const b of firstBytes) sock.write(b);
    const x224Confirm = await readX224Confirm(sock);
    if (isNegotiationFailure(x224Confirm)) {
      sock.destroy();
      return { tls: null, x224Confirm, certChain: [] };
    }
    const t = await startTls(sock);
    return { tls: t.tls, x224Confirm, certChain: t.certChain };
  } catch (err) {
    sock.destroy();
    throw err;
  }
}

/** The connect step alone, so that a refused port is told apart from a failed handshake. */
export function connectLoopback(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.off("error", reject);
      resolve(s);
    });
    s.once("error", (err) =>
      reject(
        new GatewayError("RDP_TUNNEL_UNREACHABLE", `The tunnel's local port ${port} refused the gateway.`, {
          hint: "The tunnel may have closed: open it again from the popup.",
          cause: err,
        }),
      ),
    );
  });
}

/** Reads exactly one X.224 Connection Confirm; the server sends nothing more before TLS. */
export function readX224Confirm(sock: net.Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const done = (err: Error | null, value?: Buffer) => {
      sock.off("data", onData);
      sock.off("end", onEnd);
      sock.off("error", onError);
      sock.pause();
      if (err) reject(err);
      else resolve(value!);
    };
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      let len: number | null;
      try {
        len = x224ConfirmLength(buf);
      } catch (err) {
        return done(err as Error);
      }
      if (len === null || buf.length < len) return;
      if (buf.length > len)
        return done(
          new GatewayError(
            "RDP_SERVER_ANSWER_INVALID",
            "The RDP server sent more than its X.224 Connection Confirm before TLS.",
          ),
        );
      done(null, buf);
    };
    const onEnd = () =>
      done(
        new GatewayError("RDP_SERVER_CLOSED", "The RDP server closed the connection before confirming it.", {
          hint: "Check that Remote Desktop is enabled on the instance.",
        }),
      );
    const onError = (err: Error) =>
      done(
        new GatewayError("RDP_SERVER_CLOSED", `The connection to the RDP server failed: ${err.message}.`, {
          cause: err,
        }),
      );
    sock.on("data", onData);
    sock.once("end", onEnd);
    sock.once("error", onError);
  });
}

export function startTls(sock: net.Socket): Promise<{ tls: tls.TLSSocket; certChain: Uint8Array[] }> {
  return new Promise((resolve, reject) => {
    // rejectUnauthorized: false because RDP servers use self-signed certificates; the client
    // receives the chain and CredSSP checks the key (see the file comment).
    const t = tls.connect({ socket: sock, rejectUnauthorized: false });
    t.once("secureConnect", () => {
      t.off("error", onError);
      try {
        resolve({ tls: t, certChain: peerChain(t) });
      } catch (err) {
        t.destroy();
        reject(err);
      }
    });
    const onError = (err: Error) =>
      reject(
        new GatewayError("RDP_TLS_FAILED", `The TLS handshake with the RDP server failed: ${err.message}.`, {
          cause: err,
        }),
      );
    t.once("error", onError);
  });
}

/** The peer's chain leaf first, each certificate once (a self-signed root issues itself). */
function peerChain(t: tls.TLSSocket): Uint8Array[] {
  const out: Uint8Array[] = [];
  const seen = new Set<string>();
  for (let c = t.getPeerCertificate(true); c?.raw && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256);
    out.push(c.raw);
  }
  if (!out.length) throw new GatewayError("RDP_TLS_FAILED", "The RDP server presented no certificate.");
  return out;
}
