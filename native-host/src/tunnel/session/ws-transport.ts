/**
 * The websocket adapter (spec §3) over the `ws` package: plain RFC 6455, no auth headers, no
 * permessage-deflate; the OpenDataChannel text frame first, then one binary ClientMessage per frame.
 * Unlike the plugin (one ping per 5 min, never checks pongs; §3.4) it pings every 30 s and drops a
 * connection that stayed silent for 75 s, so a half-open socket turns into a resume instead of a
 * hung tunnel.
 */
import type net from "node:net";
import WebSocket from "ws";
import type { NetworkSettings } from "../../aws/sdk/aws-settings";
import { websocketAgent } from "../../aws/sdk/proxy-agent";
import { readCaBundle } from "../../aws/sdk/request-handler";
import { BastionlessError, TunnelError } from "../../errors";
import type { Transport, TransportClose, TransportConnector } from "./transport";

export interface WsTransportOptions {
  /** Plugin: 45 s (spec §3.1). */
  handshakeTimeoutMs: number;
  pingIntervalMs: number;
  /** No frame and no pong for this long ⇒ the connection is dead. */
  silenceLimitMs: number;
  /**
   * After our close frame, how long the peer may take to answer before the socket is destroyed
   * (ws waits 30 s by default): a peer that never answers must not keep a stopped tunnel, and
   * with it the service, alive (issue 16, "Stopping really stops").
   */
  closeTimeoutMs?: number;
}

export const WS_DEFAULTS: WsTransportOptions = {
  handshakeTimeoutMs: 45_000,
  pingIntervalMs: 30_000,
  silenceLimitMs: 75_000,
  closeTimeoutMs: 2_000,
};
/** The plugin's ping payload (spec §3.4). */
const PING_PAYLOAD = Buffer.from("keepalive");
/**
 * The largest frame we read (issue 17, finding 5: 8 MiB frames let a peer grow us by gigabytes).
 * Data messages are 120 + 1 024 bytes (§4, §7.4); the largest the agent sends is the
 * HandshakeRequest (§6.2), whose Properties come from the session document, which AWS caps at
 * 64 KB with its runtime parameters (SSM MaxDocumentSizeExceeded); channel_closed carries a short
 * Output text (§8.5). 128 KiB is twice the document cap; a bigger frame ends the channel with
 * TUNNEL_FRAME_TOO_LARGE, since resuming would only bring the same frame again (§7.4 resends).
 */
export const MAX_FRAME_BYTES = 128 * 1024;

function frameTooLarge(): TunnelError {
  return new TunnelError(
    "TUNNEL_FRAME_TOO_LARGE",
    `The Session Manager service sent a frame over ${MAX_FRAME_BYTES} bytes; the tunnel was closed.`,
    { hint: "Start the tunnel again; if it happens again, report it with the host log." },
  );
}

function connectFailed(url: string, detail: string, cause?: unknown): TunnelError {
  const where = url.replace(/\?.*$/, "");
  return new TunnelError(
    "TUNNEL_CONNECT_FAILED",
    `Could not open the Session Manager data channel (${where}): ${detail}.`,
    {
      hint: "Check that ssmmessages.<region>.amazonaws.com is reachable (proxy, firewall) and retry.",
      cause,
    },
  );
}

class WsTransport implements Transport {
  onMessage: (frame: Buffer) => void = () => {};
  onClose: (info: TransportClose) => void = () => {};
  private lastHeard = Date.now();
  private readonly timer: NodeJS.Timeout;
  private corked = false;
  private fatal: TunnelError | undefined;
  /** ws's own TCP socket (a stable internal of ws 8): corked so a burst of frames is one write. */
  private readonly socket: net.Socket | undefined;
  private readonly uncork = () => {
    this.corked = false;
    this.socket?.uncork();
  };

  constructor(
    private readonly ws: WebSocket,
    opts: WsTransportOptions,
  ) {
    this.socket = (ws as unknown as { _socket?: net.Socket })._socket;
    ws.on("message", (data: Buffer) => {
      this.lastHeard = Date.now();
      this.onMessage(data);
    });
    ws.on("pong", () => {
      this.lastHeard = Date.now();
    });
    ws.on("close", (code: number, reason: Buffer) => {
      clearInterval(this.timer);
      this.onClose({ code, reason: reason.toString("utf8"), error: this.fatal });
    });
    ws.on("error", (err: Error & { code?: string }) => {
      // ws enforces maxPayload itself (close code 1009) and reports it here.
      if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") this.fatal = frameTooLarge();
      ws.terminate();
    });
    this.timer = setInterval(() => {
      if (Date.now() - this.lastHeard > opts.silenceLimitMs) ws.terminate();
      else if (ws.readyState === WebSocket.OPEN) ws.ping(PING_PAYLOAD);
    }, opts.pingIntervalMs);
    this.timer.unref();
  }

  send(frame: Buffer): boolean {
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    // One syscall per 1 KiB message would dominate the hot path; every frame sent in this tick
    // leaves in one writev when the tick ends.
    if (!this.corked && this.socket) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.ws.send(frame, { binary: true, compress: false });
    return true;
  }

  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  close(code = 1000, reason = ""): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
    else this.ws.terminate();
  }
}

/**
 * `network`: the tunnel caller's CA bundle and proxy (HTTPS_PROXY, NO_PROXY); the websocket goes
 * through the proxy with HTTP CONNECT, like every AWS call (aws/sdk/proxy-agent.ts).
 */
export function wsConnector(
  opts: WsTransportOptions = WS_DEFAULTS,
  network: NetworkSettings = { proxy: {} },
): TransportConnector {
  return (url, openDataChannel) =>
    new Promise<Transport>((resolve, reject) => {
      let ws: WebSocket;
      try {
        const ca = readCaBundle(network.caBundle);
        const agent = websocketAgent(url, network.proxy, ca, opts.handshakeTimeoutMs);
        // closeTimeout is a ws 8.18+ client option its type definitions do not list yet.
        ws = new WebSocket(url, {
          perMessageDeflate: false,
          handshakeTimeout: opts.handshakeTimeoutMs,
          closeTimeout: opts.closeTimeoutMs ?? WS_DEFAULTS.closeTimeoutMs,
          maxPayload: MAX_FRAME_BYTES,
          skipUTF8Validation: true,
          ...(ca ? { ca } : {}),
          ...(agent ? { agent } : {}),
        } as WebSocket.ClientOptions);
      } catch (err) {
        // A bad CA bundle or proxy setting keeps its own code; anything else is the URL.
        reject(err instanceof BastionlessError ? err : connectFailed(url, "invalid StreamUrl", err));
        return;
      }
      ws.binaryType = "nodebuffer";
      const fail = (detail: string, cause?: unknown) => {
        ws.removeAllListeners();
        ws.on("error", () => {});
        ws.terminate();
        reject(connectFailed(url, detail, cause));
      };
      ws.once("unexpected-response", (_req, res) => fail(`HTTP ${res.statusCode}`));
      ws.once("error", (err) => fail(err.message, err));
      ws.once("close", (code) => fail(`closed with ${code}`));
      ws.once("open", () => {
        ws.removeAllListeners();
        const transport = new WsTransport(ws, opts);
        // Spec §3.2: OpenDataChannel first, then the plugin's "keepalive" ping (§3.4).
        ws.send(openDataChannel);
        ws.ping(PING_PAYLOAD);
        resolve(transport);
      });
    });
}
