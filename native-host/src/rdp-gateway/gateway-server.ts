/**
 * The RDCleanPath gateway for RDP in a browser tab (docs/rdp-in-browser.md): a WebSocket server
 * on 127.0.0.1 only. An upgrade is accepted only for a known ticket's path (/rdp/<id>), from that
 * ticket's extension origin, addressed to 127.0.0.1:<our port> (a Host check, so a DNS-rebound
 * name cannot reach it); everything else is answered 403/404 and dropped before any WebSocket
 * exists. The secret is checked afterwards, in the RDCleanPath request (gateway-session.ts).
 */
import http from "node:http";
import type net from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { Logger } from "../config/log";
import { type SessionDeps, serveSession } from "./gateway-session";
import type { GatewayTickets } from "./gateway-tickets";

export interface GatewayServer {
  port: number;
  close(): Promise<void>;
}

/** Browser RDP needs a few hundred KB per frame at most; 1 MiB is the WebSocket message cap. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
const PATH = /^\/rdp\/([0-9a-f]{32})$/;

function refuse(socket: Duplex, status: 403 | 404, log: Logger, why: string): void {
  log.warn("rdp gateway refused an upgrade", { status, why });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}

export async function startGatewayServer(tickets: GatewayTickets, deps: SessionDeps): Promise<GatewayServer> {
  const server = http.createServer((_req, res) => {
    res.writeHead(426, { Connection: "close" }).end();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = 0;
  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // A reset while refusing must not become an unhandled 'error' in the host process.
    socket.on("error", () => socket.destroy());
    const ticket = tickets.get(PATH.exec(req.url ?? "")?.[1] ?? "");
    if (!ticket) return refuse(socket, 404, deps.log, "unknown path");
    if (req.headers.host !== `127.0.0.1:${port}`) return refuse(socket, 403, deps.log, "host");
    if (req.headers.origin !== ticket.origin) return refuse(socket, 403, deps.log, "origin");
    wss.handleUpgrade(req, socket, head, (ws) => {
      void serveSession(ws, ticket, deps);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as net.AddressInfo).port;
  // The host exits when the browser closes its stdin (the tab's port went away); the listener
  // alone must not keep it running. Live relays keep their own sockets until they end.
  server.unref();
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        server.close(() => resolve());
      }),
  };
}
