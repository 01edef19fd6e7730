/**
 * The one echo destination and the one echo-and-compare helper for every tunnel test, rig, world
 * and bench: what goes through a tunnel to the echo server must come back byte for byte.
 */
import { createHash, randomBytes } from "node:crypto";
import net from "node:net";

/** The echo itself: a connection's bytes go straight back (a reset ends it quietly). */
export const echo = (s: net.Socket): void => {
  s.on("error", () => s.destroy());
  s.pipe(s);
};

export interface EchoServer {
  port: number;
  /** Bytes echoed so far, over every connection. */
  bytes: number;
  close(): Promise<void>;
}

/** An echo server on 127.0.0.1 (any free port); close() also ends the open connections. */
export async function startEchoServer(): Promise<EchoServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("data", (d: Buffer) => {
      es.bytes += d.length;
    });
    echo(s);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const es: EchoServer = {
    port: (server.address() as net.AddressInfo).port,
    bytes: 0,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
  return es;
}

/** Connects to 127.0.0.1:port. */
export function connectLocal(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
}

export interface EchoResult {
  /** sha256 of what was sent and of what came back. */
  sent: string;
  received: string;
  bytes: number;
}

/**
 * Through 127.0.0.1:port to an echo destination and back. With a text: sends it and resolves with
 * what came back. With a byte count: sends that much random data (the random block is 1 MiB + 7
 * bytes so chunk and message boundaries drift across repeats) and hashes both ways.
 */
export function echoThrough(port: number, text: string): Promise<string>;
export function echoThrough(
  port: number,
  total: number,
  onProgress?: (received: number) => void,
): Promise<EchoResult>;
export async function echoThrough(
  port: number,
  payload: string | number,
  onProgress?: (received: number) => void,
): Promise<string | EchoResult> {
  const sock = await connectLocal(port);
  try {
    if (typeof payload === "number") return await echoOver(sock, payload, onProgress);
    const back: Buffer[] = [];
    const bytes = Buffer.from(payload);
    await exchange(
      sock,
      (sent, len) => bytes.subarray(sent, sent + len),
      bytes.length,
      (d) => back.push(d),
    );
    return Buffer.concat(back).toString();
  } finally {
    sock.destroy();
  }
}

/** echoThrough's byte count over an open connection, which stays open afterwards. */
export async function echoOver(
  sock: net.Socket,
  total: number,
  onProgress?: (received: number) => void,
): Promise<EchoResult> {
  const sentHash = createHash("sha256");
  const recvHash = createHash("sha256");
  const block = randomBytes(1024 * 1024 + 7);
  const bytes = await exchange(
    sock,
    (_sent, len) => {
      const piece = block.subarray(0, len);
      sentHash.update(piece);
      return piece;
    },
    total,
    (d, received) => {
      recvHash.update(d);
      onProgress?.(received);
    },
  );
  return { sent: sentHash.digest("hex"), received: recvHash.digest("hex"), bytes };
}

/**
 * Writes `total` bytes in pieces of 64 KiB and a drifting remainder (`pieceAt(sent, length)`
 * gives each), honouring back-pressure, and reads until as many came back; rejects if the
 * connection ends first.
 */
function exchange(
  sock: net.Socket,
  pieceAt: (sent: number, length: number) => Buffer,
  total: number,
  onData: (d: Buffer, received: number) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let received = 0;
    const pump = () => {
      while (sent < total) {
        const piece = pieceAt(sent, Math.min(64 * 1024 + (sent % 4093), total - sent));
        sent += piece.length;
        if (!sock.write(piece)) return void sock.once("drain", pump);
      }
    };
    const onChunk = (d: Buffer) => {
      received += d.length;
      onData(d, received);
      if (received >= total) {
        cleanup();
        resolve(received);
      }
    };
    const onClose = () => {
      cleanup();
      reject(new Error(`connection closed after ${received} of ${total} bytes`));
    };
    const cleanup = () => {
      sock.off("data", onChunk);
      sock.off("close", onClose);
      sock.off("error", onClose);
    };
    sock.on("data", onChunk);
    sock.on("close", onClose);
    sock.on("error", onClose);
    pump();
  });
}
