/**
 * One native-messaging conversation over the host's stdin/stdout. Requests are served
 * concurrently; replies go out as they finish; events are pushed between them. Bad frames get
 * an error reply (id null) and the conversation goes on. EOF ends it once in-flight work is done.
 */
import type { Readable } from "node:stream";
import type { Logger } from "../config/log";
import { dispatch } from "./dispatch";
import { encodeFrame, FrameDecoder } from "./framing";
import type { HandlerContext, HandlerTable } from "./handler";
import type { HostEvent, Reply } from "./messages";

export interface StdioSessionIO {
  input: Readable;
  write(frame: Buffer): void;
  log: Logger;
  env: NodeJS.ProcessEnv;
  origin: string;
}

export function runStdioSession(table: HandlerTable, io: StdioSessionIO): Promise<void> {
  const decoder = new FrameDecoder();
  const inFlight = new Set<Promise<void>>();
  const send = (value: Reply | HostEvent) => {
    try {
      io.write(encodeFrame(value));
    } catch (err) {
      // Over the browser's 1 MB cap: say so instead of sending a frame the browser would drop.
      const id = "id" in value ? value.id : null;
      io.log.error("reply too large", { error: err });
      io.write(
        encodeFrame({
          id,
          ok: false,
          error: {
            code: "REPLY_TOO_LARGE",
            message: "The answer was over the browser's 1 MB message limit.",
          },
        }),
      );
    }
  };
  const ctx: HandlerContext = { env: io.env, log: io.log, emit: send, origin: io.origin };

  return new Promise((resolve) => {
    io.input.on("data", (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        if (frame.kind === "error") {
          io.log.warn("bad frame", { code: frame.code });
          send({ id: null, ok: false, error: { code: frame.code, message: frame.message } });
          continue;
        }
        const job = dispatch(table, frame.value, ctx).then(send);
        inFlight.add(job);
        void job.finally(() => inFlight.delete(job));
      }
    });
    io.input.on("end", async () => {
      if (decoder.pendingBytes > 0)
        io.log.warn("input ended inside a frame", { bytes: decoder.pendingBytes });
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      resolve();
    });
    io.input.on("error", () => resolve());
  });
}
