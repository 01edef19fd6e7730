/**
 * The host's stdin and stdout as the browser leaves them (native-host/src/protocol/fd-stdio.ts):
 * a refused caller's host exits on its own, a reader that goes away ends the host cleanly, and a
 * stdin opened non-blocking is still served.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder } from "../../native-host/src/protocol/framing";
import { HOST_BUNDLE, TEST_ORIGIN } from "../support/host-process";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function home(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "bl-stdio-"));
  dirs.push(d);
  return d;
}
const envFor = (h: string) => ({ PATH: process.env.PATH, HOME: h, BASTIONLESS_ALLOWED_ORIGINS: TEST_ORIGIN });
const exitOf = (child: ReturnType<typeof spawn>) =>
  new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

describe("host stdin/stdout", () => {
  it("exits after refusing a caller, with the browser's end of stdin still open", async () => {
    const child = spawn(
      process.execPath,
      [HOST_BUNDLE, "chrome-extension://pppppppppppppppppppppppppppppppp/"],
      {
        env: envFor(home()),
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
    const h = home();
    const child = spawn(process.execPath, [HOST_BUNDLE, TEST_ORIGIN], {
      env: envFor(h),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const exited = exitOf(child);
    child.stdout.destroy();
    child.stdin.write(encodeFrame({ id: 1, type: "hello" }));
    // stdin stays open: the host must notice the closed stdout by itself.
    expect(await exited).toBe(0);
    const log = fs.readFileSync(path.join(h, ".config/bastionless/logs/host.log"), "utf8");
    expect(log).toContain('"msg":"stdout closed"');
    expect(log).toContain('"end":"output-closed"');
    child.stdin.destroy();
  });

  it("serves a stdin that was opened non-blocking, then ends at its EOF", async () => {
    const h = home();
    const fifo = path.join(h, "stdin.fifo");
    execFileSync("mkfifo", [fifo]);
    const readEnd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writeEnd = fs.openSync(fifo, fs.constants.O_WRONLY);
    const child = spawn(process.execPath, [HOST_BUNDLE, TEST_ORIGIN], {
      env: envFor(h),
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
