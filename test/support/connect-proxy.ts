/**
 * A small forward HTTP proxy on loopback, as a corporate one behaves: HTTP CONNECT tunnels
 * (RFC 9110 §9.3.6) for https and websockets, and absolute-form requests (RFC 9112 §3.2.2)
 * forwarded for plain http. It records every request line, so a test can prove that traffic
 * really went through it; `refuse` answers CONNECT with 403 like a proxy whose policy says no.
 */
import http from "node:http";
import net from "node:net";

export interface ConnectProxy {
  url: string;
  /** "CONNECT host:port" or "METHOD absolute-url", in arrival order. */
  seen: string[];
  refuse: boolean;
  /** Proxy-Authorization values received, in arrival order. */
  auth: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: ConnectProxy = { url: "", seen: [], refuse: false, auth: [], close: async () => {} };
  const server = http.createServer((req, res) => {
    proxy.seen.push(`${req.method} ${req.url}`);
    if (req.headers["proxy-authorization"]) proxy.auth.push(req.headers["proxy-authorization"]);
    let target: URL;
    try {
      target = new URL(req.url ?? "");
      if (target.protocol !== "http:") throw new Error("not absolute-form");
    } catch {
      res.writeHead(400).end();
      return;
    }
    const out = http.request(
      {
        host: target.hostname,
        port: target.port || 80,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on("error", () => res.writeHead(502).end());
    req.pipe(out);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("connect", (req, client: net.Socket, head: Buffer) => {
    proxy.seen.push(`CONNECT ${req.url}`);
    if (req.headers["proxy-authorization"]) proxy.auth.push(req.headers["proxy-authorization"]);
    client.on("error", () => client.destroy());
    const m = /^(.+):(\d+)$/.exec(req.url ?? "");
    if (proxy.refuse || !m) {
      client.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const upstream = net.connect(Number(m[2]), m[1]!.replace(/^\[(.*)\]$/, "$1"), () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  proxy.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return proxy;
}
