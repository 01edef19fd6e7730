/**
 * IronRDP's WebAssembly client (npm ironrdp-wasm, docs/rdp-in-browser.md) driven for one
 * session: it talks RDCleanPath to the host's gateway and runs CredSSP/NLA itself, so the
 * password typed in the tab goes to the wasm client only and is never sent to the host.
 */

import init, {
  type ClipboardData,
  DesktopSize,
  type IronError,
  IronErrorKind,
  type Session,
  SessionBuilder,
} from "ironrdp-wasm";
import browser from "webextension-polyfill";
import type { GatewayTicketInfo } from "../../../contract/gateway-ticket";

export interface Credentials {
  username: string;
  password: string;
  domain: string;
}

export interface RdpFailure {
  kind: string;
  message: string;
  /** From an RDCleanPath error PDU: the gateway's HTTP-like status (401, 403, 400, 502). */
  httpStatus: number | null;
}

let ready: Promise<unknown> | null = null;

/** The wasm file is copied beside the page by the build (webpack.config.ts). */
function loadWasm(): Promise<unknown> {
  ready ??= init({ module_or_path: browser.runtime.getURL("rdp_client_bg.wasm") });
  return ready;
}

export function describeFailure(err: unknown): RdpFailure {
  const e = err as Partial<IronError> | null;
  if (e && typeof e.kind === "function" && typeof e.backtrace === "function") {
    const kind = IronErrorKind[e.kind()] ?? "General";
    const details = e.rdcleanpathDetails?.();
    return { kind, message: e.backtrace(), httpStatus: details?.httpStatusCode ?? null };
  }
  return { kind: "General", message: err instanceof Error ? err.message : String(err), httpStatus: null };
}

export interface SessionHooks {
  /** The server's clipboard changed (CLIPRDR); setting this is what opens the channel. */
  remoteClipboard(data: ClipboardData): void;
}

export async function connectRdp(
  ticket: GatewayTicketInfo,
  creds: Credentials,
  canvas: HTMLCanvasElement,
  size: { width: number; height: number },
  hooks: SessionHooks,
): Promise<Session> {
  await loadWasm();
  let b = new SessionBuilder()
    .username(creds.username)
    .password(creds.password)
    .destination(ticket.destination)
    .proxyAddress(ticket.url)
    .authToken(ticket.secret)
    .desktopSize(new DesktopSize(size.width, size.height))
    .renderCanvas(canvas)
    .setCursorStyleCallbackContext(canvas)
    .setCursorStyleCallback(function (this: HTMLCanvasElement, style: string) {
      canvas.style.cursor = typeof style === "string" ? style : "default";
    })
    // IronRDP sizes the canvas itself (to the server's desktop at start and after a Display
    // Control resize, canvas.rs/session.rs); its canvasResizedCallback is a no-op.
    // IronRDP's web client opens the CLIPRDR channel only when this callback is set (session.rs).
    .remoteClipboardChangedCallback((data: ClipboardData) => hooks.remoteClipboard(data));
  if (creds.domain) b = b.serverDomain(creds.domain);
  return b.connect();
}
