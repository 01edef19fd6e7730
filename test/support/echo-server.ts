/** A TCP echo server on 127.0.0.1, the simplest "instance port" to forward to. */
import net from "node:net";

export interface EchoServer {
  port: number;
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Sends `data` through host:port and resolves with what comes back once as many bytes arrived. */
export function echoThrough(port: number, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    // No half-close: smux v1 has none, so a FIN after the data would close the stream both ways (spec §8.4).
    const s = net.connect(port, "127.0.0.1", () => s.write(data));
    s.on("data", (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got >= data.length) {
        s.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    s.on("error", reject);
    s.on("close", () => got < data.length && reject(new Error(`connection closed after ${got} of ${data.length} bytes`)));
  });
}
