/**
 * Helpers for the install, doctor and packaging tests: run the built CLI in a sandbox, talk to
 * an installed host the way a browser launches it, and snapshot a folder tree.
 */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { encodeFrame, FrameDecoder } from "../../native-host/src/protocol/framing";
import { HOST_BUNDLE } from "../support/host-process";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `node dist/host/bastionless.cjs ARGS` (or another executable) with exactly `env`. */
export function cli(args: string[], env: NodeJS.ProcessEnv, exe?: string): CliResult {
  const [cmd, argv] = exe ? [exe, args] : [process.execPath, [HOST_BUNDLE, ...args]];
  const r = spawnSync(cmd, argv, { env, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliJson(args: string[], env: NodeJS.ProcessEnv, exe?: string): any {
  const r = cli([...args, "--json"], env, exe);
  if (r.stdout.trim() === "") throw new Error(`no JSON (exit ${r.status}): ${r.stderr}`);
  return { ...JSON.parse(r.stdout), exitStatus: r.status };
}

/**
 * Starts `exe` as a browser would (argv = the caller, cwd = the executable's folder), sends
 * `hello` as a native-messaging frame and returns the first frame back. Kills the process on
 * every path.
 */
export async function nativeHello(exe: string, args: string[], env: NodeJS.ProcessEnv): Promise<any> {
  const child = spawn(exe, args, { env, cwd: path.dirname(exe), stdio: ["pipe", "pipe", "pipe"] });
  const decoder = new FrameDecoder();
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  try {
    return await new Promise((resolve, reject) => {
      // No deadline of its own (the test runner's timeout is the one bound); a host that exits
      // without a frame is seen at "close", once its stdout has been read to the end.
      child.on("error", reject);
      child.stdout.on("data", (chunk: Buffer) => {
        const [first] = decoder.push(chunk);
        if (!first) return;
        resolve(first.kind === "message" ? first.value : { decodeError: first.code });
      });
      child.on("close", (code) => reject(new Error(`exited ${code} without a frame; stderr: ${stderr}`)));
      child.stdin.on("error", () => {});
      child.stdin.write(encodeFrame({ id: 1, type: "hello" }));
    });
  } finally {
    child.stdin.end();
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** path (relative) → "dir" or a hash of the bytes plus the mode, for exact before/after comparisons. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      const st = fs.lstatSync(full);
      const rel = path.relative(root, full);
      if (st.isDirectory()) {
        out[rel] = "dir";
        walk(full);
      } else {
        out[rel] =
          `${crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex").slice(0, 16)} ${(st.mode & 0o777).toString(8)}`;
      }
    }
  };
  walk(root);
  return out;
}

export function modeOf(file: string): string {
  return (fs.statSync(file).mode & 0o777).toString(8);
}
