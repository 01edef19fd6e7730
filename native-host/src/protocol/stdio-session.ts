/**
 * One native-messaging conversation over the host's stdin/stdout. Requests are served
 * concurrently; replies go out as they finish; events are pushed between them. Bad frames get
 * an error reply (id null) and the conversation goes on. EOF ends it once in-flight work is done.
 */

import type { Reply } from "../../../contract/envelope";
import type { HostEvent } from "../../../contract/events";
import type { Logger } from "../config/log";
import { dispatch } from "./dispatch";
import type { ByteSource } from "./fd-stdio";
import { encodeFrame, FrameDecoder } from "./framing";
import type { HandlerContext, HandlerTable } from "./handler";

export interface StdioSessionIO {
  input: ByteSource;
  write(frame: Buffer): void;
  log: Logger;
  env: NodeJS.ProcessEnv;
  origin: string;
}

/** How a conversation ended: the browser closed our stdin, or our stdout (it went away). */
export type SessionEnd = "input-ended" | "output-closed";

/** A frame for the reply, or a REPLY_TOO_LARGE error in its place (the browser drops frames over 1 MB). */
function frameFor(value: Reply | HostEvent, log: Logger): Buffer {
  try {
    return encodeFrame(value);
  } catch (err) {
    log.error("reply too large", { error: err });
    return encodeFrame({
      id: "id" in value ? value.id : null,
      ok: false,
      error: { code: "REPLY_TOO_LARGE", message: "The answer was over the browser's 1 MB message limit." },
    });
  }
}

export function runStdioSession(table: HandlerTable, io: StdioSessionIO): Promise<SessionEnd> {
  const decoder = new FrameDecoder();
  const inFlight = new Set<Promise<void>>();
  return new Promise((resolve) => {
    let outputClosed = false;
    const send = (value: Reply | HostEvent) => {
      if (outputClosed) return;
      try {
        io.write(frameFor(value, io.log));
      } catch (err) {
        // EPIPE and the like: nobody is left to answer, so the conversation is over.
        outputClosed = true;
        io.log.warn("stdout closed", { error: err });
        resolve("output-closed");
      }
    };
    const ctx: HandlerContext = { env: io.env, log: io.log, emit: send, origin: io.origin };
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
      resolve("input-ended");
    });
    io.input.on("error", (err) => {
      io.log.warn("stdin failed", { error: err });
      resolve("input-ended");
    });
  });
}
