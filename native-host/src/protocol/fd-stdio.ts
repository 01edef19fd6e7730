/**
 * The native host's stdin and stdout, kept off Node's stream modules until the first answer is
 * out. `process.stdin` and `process.stdout` on a pipe build net.Socket streams, which loads some
 * 28 of Node's own modules (net, stream, readline…): about 7 ms of the browser's wait for `hello`
 * on the reference machine (test/bench/host-startup.ts).
 *
 * So the browser's first message is read with one blocking read of the descriptor (the browser
 * writes it as soon as it starts the host, and there is nothing else to do before it), and
 * process.stdin takes over once the answers to that first read have gone out. Not a read on
 * libuv's thread pool instead: a read still waiting there when the process exits would keep the
 * exit waiting for the browser (libuv joins its threads at exit).
 *
 * Writes are synchronous, which is what Node does for process.stdout on a POSIX pipe anyway, so
 * frames never interleave and are out before exit.
 */
import { EventEmitter } from "node:events";
import fs from "node:fs";

/** The part of a Readable the stdio session uses: "data" chunks, then "end" or "error". */
export interface ByteSource {
  on(event: "data", listener: (chunk: Buffer) => void): this;
  on(event: "end", listener: () => void): this;
  on(event: "error", listener: (err: Error) => void): this;
}

/** Big enough for a sign-in's SAML message in one read; the decoder keeps any unfinished rest. */
const FIRST_READ_BYTES = 256 * 1024;

export interface FirstReadIO {
  /** One blocking read; 0 at EOF. Throws like fs.readSync. */
  readSync(buffer: Buffer): number;
  /** The stream for everything after the first read. */
  stream(): ByteSource;
  /** Runs fn once the current turn's replies are written (setImmediate). */
  later(fn: () => void): void;
}

/** stdin as described above. The first chunk is emitted after the caller attached its listeners. */
export function firstReadThenStream(io: FirstReadIO): ByteSource {
  const source = new EventEmitter() as EventEmitter & ByteSource;
  const relay = () => {
    const rest = io.stream();
    rest.on("data", (chunk) => source.emit("data", chunk));
    rest.on("end", () => source.emit("end"));
    rest.on("error", (err) => source.emit("error", err));
  };
  const buffer = Buffer.allocUnsafe(FIRST_READ_BYTES);
  let first: { n: number } | { err: NodeJS.ErrnoException };
  for (;;) {
    try {
      first = { n: io.readSync(buffer) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EINTR") continue;
      first = { err: err as NodeJS.ErrnoException };
    }
    break;
  }
  queueMicrotask(() => {
    if ("err" in first) {
      // A non-blocking descriptor has nothing yet: the stream waits for it with epoll instead.
      if (first.err.code === "EAGAIN") return relay();
      return void source.emit("error", first.err);
    }
    if (first.n === 0) return void source.emit("end");
    source.emit("data", buffer.subarray(0, first.n));
    io.later(relay);
  });
  return source;
}

/** Windows keeps Node's own streams, which know its pipe handles. */
const WINDOWS = process.platform === "win32";

/** The host's stdin: fd 0 as above (Node's stream on Windows). */
export function stdinSource(): ByteSource {
  if (WINDOWS) return process.stdin;
  return firstReadThenStream({
    readSync: (buffer) => fs.readSync(0, buffer, 0, buffer.length, null),
    stream: () => process.stdin,
    later: (fn) => void setImmediate(fn),
  });
}

/** One frame to the host's stdout: fd 1, whole and synchronously (Node's stream on Windows). */
export function writeStdout(frame: Buffer): void {
  if (WINDOWS) process.stdout.write(frame);
  else writeAllSync(1, frame);
}

/** One slot to sleep on while a non-blocking pipe is full (Atomics.wait blocks this thread only). */
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes the whole buffer to fd, retrying short writes and a full non-blocking pipe. */
function writeAllSync(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += fs.writeSync(fd, data, offset, data.length - offset);
    } catch (err) {
      // The browser reads its end promptly; wait for room, as a blocking write would.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "EAGAIN" && code !== "EINTR") throw err;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}
