import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { type ByteSource, firstReadThenStream } from "../../native-host/src/protocol/fd-stdio";

/** A fake descriptor: each readSync takes the next result; the stream is an emitter we drive. */
function rig(reads: Array<string | Error>) {
  const stream = new EventEmitter();
  const log: string[] = [];
  let pendingLater: (() => void) | null = null;
  const source = firstReadThenStream({
    readSync(buffer) {
      const next = reads.shift();
      if (next === undefined) throw new Error("read after the first");
      if (next instanceof Error) throw next;
      log.push("readSync");
      return buffer.write(next);
    },
    stream() {
      log.push("stream");
      return stream as unknown as ByteSource;
    },
    later(fn) {
      pendingLater = fn;
    },
  });
  source.on("data", (c) => log.push(`data:${c.toString()}`));
  source.on("end", () => log.push("end"));
  source.on("error", (e) => log.push(`error:${(e as NodeJS.ErrnoException).code}`));
  const runLater = () => {
    pendingLater?.();
    pendingLater = null;
  };
  return { stream, log, runLater };
}
const errno = (code: string) => Object.assign(new Error(code), { code });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("stdin: one blocking read, then the stream", () => {
  it("hands the first chunk over before the stream exists, and the rest from the stream", async () => {
    const { stream, log, runLater } = rig(["hello"]);
    expect(log).toEqual(["readSync"]);
    await tick();
    expect(log).toEqual(["readSync", "data:hello"]);
    runLater();
    stream.emit("data", Buffer.from("more"));
    stream.emit("end");
    expect(log).toEqual(["readSync", "data:hello", "stream", "data:more", "end"]);
  });

  it("retries a read interrupted by a signal", async () => {
    const { log } = rig([errno("EINTR"), "x"]);
    await tick();
    expect(log).toEqual(["readSync", "data:x"]);
  });

  it("ends at once on EOF, without ever opening the stream", async () => {
    const { log, runLater } = rig([""]);
    await tick();
    runLater();
    expect(log).toEqual(["readSync", "end"]);
  });

  it("leaves a non-blocking descriptor to the stream", async () => {
    const { stream, log } = rig([errno("EAGAIN")]);
    await tick();
    stream.emit("data", Buffer.from("late"));
    expect(log).toEqual(["stream", "data:late"]);
  });

  it("reports other read errors", async () => {
    const { log } = rig([errno("EIO")]);
    await tick();
    expect(log).toEqual(["error:EIO"]);
  });
});
