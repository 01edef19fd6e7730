/**
 * Node http(s) agents that honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY (proxy-choice.ts), for the
 * SDK's request handler and the data-channel websocket. https:// and ws(s):// go through an
 * HTTP CONNECT tunnel (RFC 9110 §9.3.6), with TLS to the target inside it, so the proxy sees
 * only host:port; plain http:// API calls are sent to the proxy in absolute form (RFC 9112
 * §3.2.2), as curl does. Targets NO_PROXY names are dialled directly.
 */
import http from "node:http";
import https from "node:https";
import type net from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import { AwsError } from "../../errors";
import type { ProxySettings } from "./aws-settings";
import { proxyFor } from "./proxy-choice";

type Done = (err: Error | null, socket?: Duplex) => void;
type ConnOptions = tls.ConnectionOptions & { host?: string; port?: number | string };

const hostPort = (host: string, port: number | string) =>
  `${host.includes(":") ? `[${host}]` : host}:${port}`;

function proxyError(proxy: URL, detail: string, cause?: unknown): AwsError {
  return new AwsError("PROXY_FAILED", `The proxy ${proxy.host} ${detail}.`, {
    hint: "Check HTTPS_PROXY / HTTP_PROXY, or list the host in NO_PROXY to reach it directly.",
    cause,
  });
}

/** Basic credentials from the proxy URL (RFC 7617), for the CLI's own calls; never logged. */
function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { "proxy-authorization": `Basic ${Buffer.from(pair).toString("base64")}` };
}

/** A TCP stream to host:port through the proxy, once it answered the CONNECT with 2xx. */
export function connectThrough(
  proxy: URL,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const target = hostPort(host, port);
    const req = http.request({
      host: proxy.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: Number(proxy.port || 80),
      method: "CONNECT",
      path: target,
      headers: { host: target, ...proxyAuthorization(proxy) },
      agent: false,
      timeout: timeoutMs,
    });
    req.once("connect", (res, socket) => {
      if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) {
        socket.setTimeout(0);
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(proxyError(proxy, `refused CONNECT ${target} (HTTP ${res.statusCode})`));
    });
    req.once("timeout", () => req.destroy(proxyError(proxy, `did not answer CONNECT ${target} in time`)));
    req.once("error", (err) =>
      reject(err instanceof AwsError ? err : proxyError(proxy, `could not be reached (${err.message})`, err)),
    );
    req.end();
  });
}

const targetUrl = (scheme: string, o: ConnOptions) =>
  new URL(`${scheme}//${hostPort(o.host ?? "localhost", o.port ?? "")}`);

/** https:// targets: CONNECT, then TLS to the target (its CA options as given to the agent). */
export class HttpsProxyAgent extends https.Agent {
  constructor(
    private readonly proxy: ProxySettings,
    private readonly timeoutMs: number,
    opts: https.AgentOptions,
  ) {
    super(opts);
  }

  override createConnection(options: ConnOptions, done: Done): Duplex | null | undefined {
    const via = proxyFor(targetUrl("https:", options), this.proxy);
    if (!via) return super.createConnection(options, done);
    connectThrough(via, options.host!, Number(options.port), this.timeoutMs).then(
      (socket) => done(null, tls.connect({ ...options, socket })),
      (err: Error) => done(err),
    );
    return undefined;
  }
}

/** ws:// targets: a CONNECT tunnel carrying the plain stream (proxies rarely forward upgrades). */
export class HttpTunnelAgent extends http.Agent {
  constructor(
    private readonly proxy: URL,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  override createConnection(options: ConnOptions, done: Done): Duplex | null | undefined {
    connectThrough(this.proxy, options.host!, Number(options.port ?? 80), this.timeoutMs).then(
      (socket) => done(null, socket),
      (err: Error) => done(err),
    );
    return undefined;
  }
}

/** http:// API calls: the request line names the absolute URL and the connection is to the proxy. */
export class HttpForwardAgent extends http.Agent {
  constructor(
    private readonly proxy: ProxySettings,
    opts: http.AgentOptions,
  ) {
    super(opts);
  }

  addRequest(req: http.ClientRequest, options: ConnOptions): void {
    const via = proxyFor(targetUrl("http:", options), this.proxy);
    const base = http.Agent.prototype as unknown as { addRequest(r: unknown, o: unknown): void };
    if (!via) {
      base.addRequest.call(this, req, options);
      return;
    }
    req.path = `http://${hostPort(options.host ?? "localhost", options.port ?? 80)}${req.path}`;
    for (const [k, v] of Object.entries(proxyAuthorization(via))) req.setHeader(k, v);
    base.addRequest.call(this, req, { ...options, host: via.hostname, port: Number(via.port || 80) });
  }
}

/** The websocket's agent for `url`: null for a direct connection. */
export function websocketAgent(
  url: string,
  proxy: ProxySettings,
  ca: Buffer | undefined,
  timeoutMs: number,
): http.Agent | null {
  const u = new URL(url);
  const via = proxyFor(u, proxy);
  if (!via) return null;
  return u.protocol === "wss:"
    ? new HttpsProxyAgent(proxy, timeoutMs, ca ? { ca } : {})
    : new HttpTunnelAgent(via, timeoutMs);
}
