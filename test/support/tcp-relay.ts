/**
 * A loopback relay in front of a fake: optionally terminating TLS (so the fakes, which serve
 * plain http/ws, can be reached as https/wss with a test CA), and with an explicit `freeze()`
 * that turns every relayed connection into a peer that never answers and never closes, as a
 * half-open Session Manager websocket does (issue 16, "Stopping really stops").
 */
import net from "node:net";
import tls from "node:tls";

export interface Relay {
  port: number;
  /** Connections accepted so far. */
  accepted: number;
  /** Client-side sockets that ended (FIN or reset), counted while frozen too. */
  clientClosed: number;
  /** Bytes the client sent after the freeze (read and dropped, never answered). */
  swallowed: number;
  /** From now on no byte goes either way and no side is closed by the relay. */
  freeze(): void;
  close(): Promise<void>;
}

export async function startRelay(to: number, cert?: { key: Buffer; cert: Buffer }): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  let frozen = false;
  const relay: Relay = {
    port: 0,
    accepted: 0,
    clientClosed: 0,
    swallowed: 0,
    freeze: () => {
      frozen = true;
      for (const s of sockets) s.unpipe();
      // Read and drop what the client sends, so its FIN is seen; upstream is simply not read.
      for (const c of clients) c.on("data", (d: Buffer) => (relay.swallowed += d.length)).resume();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const onClient = (client: net.Socket) => {
    relay.accepted++;
    clients.add(client);
    const upstream = net.connect(to, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => s.destroy());
    }
    client.on("close", () => {
      relay.clientClosed++;
      if (!frozen) upstream.destroy();
    });
    upstream.on("close", () => {
      if (!frozen) client.destroy();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const server = cert
    ? tls.createServer({ key: cert.key, cert: cert.cert }, onClient)
    : net.createServer(onClient);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  relay.port = (server.address() as net.AddressInfo).port;
  return relay;
}
