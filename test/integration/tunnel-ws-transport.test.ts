/**
 * The websocket adapter against a real ws server (spec §3): no auth headers, no compression, the
 * OpenDataChannel text frame first, a "keepalive" ping, binary frames after; and a connection
 * that stays silent (no frames, no pongs) is dropped so the channel resumes instead of hanging.
 */
import http from "node:http";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { WebSocketServer } from "ws";
import { MAX_FRAME_BYTES, wsConnector } from "../../native-host/src/tunnel/session/ws-transport";

let server: http.Server | undefined;
let wss: WebSocketServer | undefined;
afterEach(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  wss?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = wss = undefined;
});

async function serve(opts: { autoPong: boolean }): Promise<{
  url: string;
  seen: Array<{ kind: string; data: string }>;
  headers: http.IncomingHttpHeaders[];
}> {
  server = http.createServer();
  wss = new WebSocketServer({ server, autoPong: opts.autoPong });
  const seen: Array<{ kind: string; data: string }> = [];
  const headers: http.IncomingHttpHeaders[] = [];
  wss.on("connection", (ws: WebSocket, req) => {
    headers.push(req.headers);
    ws.on("message", (data: Buffer, isBinary) =>
      seen.push({ kind: isBinary ? "binary" : "text", data: data.toString("hex") }),
    );
    ws.on("ping", (data: Buffer) => seen.push({ kind: "ping", data: data.toString() }));
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return {
    url: `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}/v1/data-channel/s?role=publish_subscribe`,
    seen,
    headers,
  };
}

/** Polls without a deadline of its own: the test runner's timeout is the one bound. */
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
};

describe("websocket transport", () => {
  it("sends OpenDataChannel as text first, pings 'keepalive', then binary frames; no auth or deflate", async () => {
    const s = await serve({ autoPong: true });
    const t = await wsConnector({
      handshakeTimeoutMs: 5000,
      pingIntervalMs: 60_000,
      silenceLimitMs: 120_000,
    })(s.url, '{"TokenValue":"t"}');
    expect(t.send(Buffer.from([1, 2, 3]))).toBe(true);
    await until(() => s.seen.length >= 3);
    expect(s.seen).toEqual([
      { kind: "text", data: Buffer.from('{"TokenValue":"t"}').toString("hex") },
      { kind: "ping", data: "keepalive" },
      { kind: "binary", data: "010203" },
    ]);
    expect(s.headers[0]!["sec-websocket-extensions"]).toBeUndefined();
    expect(s.headers[0]!.authorization).toBeUndefined();
    t.close();
  });

  it("drops a connection that answers nothing, so the channel can resume", async () => {
    const s = await serve({ autoPong: false });
    const t = await wsConnector({ handshakeTimeoutMs: 5000, pingIntervalMs: 100, silenceLimitMs: 350 })(
      s.url,
      "{}",
    );
    const closed = await new Promise<{ code: number }>((resolve) => {
      t.onClose = resolve;
    });
    expect(closed.code).toBe(1006);
    expect(t.send(Buffer.from([1]))).toBe(false);
  });

  it("fails with TUNNEL_CONNECT_FAILED on a refused upgrade, without leaking the token", async () => {
    server = http.createServer((_req, res) => res.writeHead(403).end());
    server.on("upgrade", (_req, socket) => socket.end("HTTP/1.1 403 Forbidden\r\n\r\n"));
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const url = `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}/v1/data-channel/s?role=publish_subscribe&secret=x`;
    const err = await wsConnector()(url, "{}").catch((e) => e);
    expect(err.code).toBe("TUNNEL_CONNECT_FAILED");
    expect(err.message).toContain("HTTP 403");
    expect(err.message).not.toContain("secret");
  });

  it("reads a frame of the cap, and closes with TUNNEL_FRAME_TOO_LARGE on one byte more", async () => {
    const s = await serve({ autoPong: true });
    const t = await wsConnector({
      handshakeTimeoutMs: 5000,
      pingIntervalMs: 60_000,
      silenceLimitMs: 120_000,
    })(s.url, "{}");
    const got: number[] = [];
    t.onMessage = (f) => got.push(f.length);
    const closed = new Promise<{ code: number; error?: { code: string } }>((resolve) => {
      t.onClose = resolve;
    });
    await until(() => (wss?.clients.size ?? 0) === 1);
    const peer = [...wss!.clients][0]!;
    const peerSaw = new Promise<number>((r) => peer.once("close", r));
    peer.send(Buffer.alloc(MAX_FRAME_BYTES));
    peer.send(Buffer.alloc(MAX_FRAME_BYTES + 1));
    const info = await closed;
    expect(got).toEqual([MAX_FRAME_BYTES]);
    expect(info.error?.code).toBe("TUNNEL_FRAME_TOO_LARGE");
    expect(await peerSaw).toBe(1009); // "message too big" (RFC 6455 §7.4.1)
  });
});
