/**
 * The CLI's last line of defence for the terminal (issue 17, finding 7): every string a command
 * writes to stdout or stderr passes displayLines, so an AWS message or a Name tag that some
 * command prints without rendering it first still cannot drive the terminal. Commands render
 * their own untrusted fields with displayText (one line per cell) and their JSON with jsonText,
 * which loses nothing; this guard only catches what they missed.
 */
import { Writable } from "node:stream";
import { displayLines } from "../../../contract/display-text";

export function terminalGuard(out: Writable): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      out.write(displayLines(text));
      done();
    },
  });
}
