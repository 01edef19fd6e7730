/**
 * The host's stdin and stdout as the browser leaves them (native-host/src/protocol/fd-stdio.ts):
 * a refused caller's host exits on its own, a reader that goes away ends the host cleanly, and a
 * stdin opened non-blocking is still served.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder } from "../../native-host/src/protocol/framing";
import { allowCaller, HOST_BUNDLE, TEST_ORIGIN } from "../support/host-process";
import { makeSandbox, type Sandbox } from "../support/sandbox";

const boxes: Sandbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.cleanup();
});
function sandbox(): Sandbox {
  const b = makeSandbox();
  allowCaller(b.env);
  boxes.push(b);
  return b;
}
const exitOf = (child: ReturnType<typeof spawn>) =>
  new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

describe("host stdin/stdout", () => {
  it("exits after refusing a caller, with the browser's end of stdin still open", async () => {
    const child = spawn(
      process.execPath,
      [HOST_BUNDLE, "chrome-extension://pppppppppppppppppppppppppppppppp/"],
      {
        env: sandbox().env,
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    const frames: unknown[] = [];
    const decoder = new FrameDecoder();
    child.stdout.on("data", (c: Buffer) => frames.push(...decoder.push(c)));
    expect(await exitOf(child)).toBe(1);
    expect(frames).toMatchObject([{ kind: "message", value: { error: { code: "ORIGIN_NOT_ALLOWED" } } }]);
    child.stdin.end();
  });

  it("ends with status 0 and a log line when the browser stops reading its stdout", async () => {
    const b = sandbox();
    const child = spawn(process.execPath, [HOST_BUNDLE, TEST_ORIGIN], {
      env: b.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const exited = exitOf(child);
    child.stdout.destroy();
    child.stdin.write(encodeFrame({ id: 1, type: "hello" }));
    // stdin stays open: the host must notice the closed stdout by itself.
    expect(await exited).toBe(0);
    const log = fs.readFileSync(path.join(b.env.BASTIONLESS_CONFIG_DIR!, "logs/host.log"), "utf8");
    expect(log).toContain('"msg":"stdout closed"');
    expect(log).toContain('"end":"output-closed"');
    child.stdin.destroy();
  });

  it("serves a stdin that was opened non-blocking, then ends at its EOF", async () => {
    const b = sandbox();
    const fifo = path.join(b.dir, "stdin.fifo");
    execFileSync("mkfifo", [fifo]);
    const readEnd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writeEnd = fs.openSync(fifo, fs.constants.O_WRONLY);
    const child = spawn(process.execPath, [HOST_BUNDLE, TEST_ORIGIN], {
      env: b.env,
      stdio: [readEnd, "pipe", "pipe"],
    });
    fs.closeSync(readEnd);
    const exited = exitOf(child);
    const decoder = new FrameDecoder();
    const frames: any[] = [];
    const waiters: Array<() => void> = [];
    child.stdout?.on("data", (c: Buffer) => {
      frames.push(...decoder.push(c));
      for (const w of waiters.splice(0)) w();
    });
    const reply = async (id: number) => {
      while (!frames.some((f) => f.value?.id === id)) await new Promise<void>((r) => waiters.push(r));
      return frames.find((f) => f.value?.id === id).value;
    };
    fs.writeSync(writeEnd, encodeFrame({ id: 1, type: "hello" }));
    expect(await reply(1)).toMatchObject({ ok: true, result: { name: "bastionless" } });
    // A second request, well after the first read found the pipe empty (EAGAIN).
    fs.writeSync(writeEnd, encodeFrame({ id: 2, type: "profiles.list" }));
    expect(await reply(2)).toMatchObject({ ok: true, result: { profiles: [] } });
    fs.closeSync(writeEnd);
    expect(await exited).toBe(0);
  });
});
