/**
 * Drives the built host (dist/host/bastionless.cjs) the way a browser does: spawned with the
 * caller's origin as argument, frames on stdin/stdout.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { installRecordPath } from "../../native-host/src/config/paths";
import { emptyRecord } from "../../native-host/src/install/install-record";
import { encodeFrame, FrameDecoder } from "../../native-host/src/protocol/framing";

export const ROOT = path.resolve(__dirname, "../..");
export const HOST_BUNDLE = path.join(ROOT, "dist/host/bastionless.cjs");
/** A fixed test extension id (32 letters a–p), allowed with allowCaller(). */
export const TEST_ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop/";

/**
 * Lets `origin` call the host run with `env`, as `bastionless install` does: a per-user install
 * record (0600) in env's config folder. Only records allow callers (protocol/caller.ts). Returns env.
 */
export function allowCaller(env: NodeJS.ProcessEnv, origin = TEST_ORIGIN): NodeJS.ProcessEnv {
  const file = installRecordPath(env);
  const record = emptyRecord("user");
  if (origin.startsWith("chrome-extension://")) record.allowedOrigins.push(origin);
  else record.allowedExtensions.push(origin);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(record), { mode: 0o600 });
  return env;
}

export class HostProcess {
  readonly child: ChildProcessWithoutNullStreams;
  private readonly decoder = new FrameDecoder(64 * 1024 * 1024);
  private readonly frames: unknown[] = [];
  private waiters: Array<() => void> = [];
  stderr = "";

  /** `command`: how the host is started; by default `node dist/host/bastionless.cjs`. */
  constructor(args: string[], env: NodeJS.ProcessEnv, command: string[] = [process.execPath, HOST_BUNDLE]) {
    const [exe, ...pre] = command as [string, ...string[]];
    this.child = spawn(exe, [...pre, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
    // A refused caller's host exits without reading: a frame sent to it fails with EPIPE, by design.
    this.child.stdin.on("error", () => {});
    this.child.stdout.on("data", (chunk: Buffer) => {
      for (const f of this.decoder.push(chunk)) {
        this.frames.push(f.kind === "message" ? f.value : { decodeError: f.code });
      }
      for (const w of this.waiters.splice(0)) w();
    });
    this.child.stderr.on("data", (c: Buffer) => {
      this.stderr += c.toString();
    });
    this.child.on("exit", () => {
      for (const w of this.waiters.splice(0)) w();
    });
  }

  send(value: unknown): void {
    this.child.stdin.write(encodeFrame(value, 64 * 1024 * 1024));
  }

  sendRaw(bytes: Buffer): void {
    this.child.stdin.write(bytes);
  }

  /** Next frame matching `pred`, in arrival order. Rejects if the host exits first. */
  async next(pred: (f: any) => boolean = () => true): Promise<any> {
    for (;;) {
      const i = this.frames.findIndex(pred);
      if (i >= 0) return this.frames.splice(i, 1)[0];
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(
          `host exited (${this.child.exitCode ?? this.child.signalCode}) before the frame; stderr: ${this.stderr}`,
        );
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  async request(id: string | number, type: string, params?: unknown): Promise<any> {
    this.send(params === undefined ? { id, type } : { id, type, params });
    return this.next((f) => f && f.id === id);
  }

  async close(): Promise<number | null> {
    this.child.stdin.end();
    if (this.child.exitCode !== null) return this.child.exitCode;
    return new Promise((r) => this.child.on("exit", (code) => r(code)));
  }
}
