/**
 * A real RDP server standing in for the Windows instance: FreeRDP's shadow server with NLA on
 * 127.0.0.1 under its own Xvfb display, and `xfreerdp +auth-only` to log in through a port
 * (docs/testing/toolchain.md §5: NLA really checks the password, xrdp cannot).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

export const RDP_USER = "rdptest";
export const RDP_PASSWORD = "Rdp-Test-Pass1";
export const RDP_TOOLS = ["Xvfb", "freerdp-shadow-cli", "winpr-hash", "xfreerdp"] as const;

export function missingRdpTools(): string[] {
  return RDP_TOOLS.filter((t) => spawnSync("sh", ["-c", 'command -v "$1"', "sh", t]).status !== 0);
}

export interface RdpTarget {
  port: number;
  display: string;
  /** `xfreerdp +auth-only` through 127.0.0.1:port; exit code 0 means NLA accepted the password. */
  authOnly(port: number, password?: string): Promise<{ code: number | null; out: string }>;
  /** xfreerdp with any arguments, on this target's display and a private HOME. */
  xfreerdp(args: string[]): Promise<{ code: number | null; out: string }>;
  /** A private folder that lives as long as the target. */
  dir: string;
  close(): void;
}

export function runTool(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (c) => (out += c));
    child.stderr!.on("data", (c) => (out += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/**
 * Xvfb picks a free display itself and writes its number to fd 3 (Xvfb(1) -displayfd). -noreset:
 * an X server resets when its last client leaves and refuses connections meanwhile, so a client
 * that follows a failed server start closely got "failed to open display" (2 times in 20 here).
 */
export function startXvfb(children: ChildProcess[]): Promise<string> {
  const x = spawn(
    "Xvfb",
    ["-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"],
    {
      stdio: ["ignore", "ignore", "ignore", "pipe"],
    },
  );
  children.push(x);
  return new Promise((resolve, reject) => {
    x.stdio[3]!.once("data", (d: Buffer) => resolve(`:${d.toString().trim()}`));
    x.once("exit", (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
}

/** What the RDP server printed last; kept so that a failed start says why (its exit code is 255 for every cause). */
function tail(child: ChildProcess): () => string {
  let out = "";
  const keep = (c: Buffer) => {
    out = (out + c.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => out;
}

/**
 * Whether process `pid` itself has a listening TCP socket on 127.0.0.1:port: a plain connect()
 * would also succeed against another process that took the port (Linux proc(5): /proc/net/tcp
 * lists listeners with their socket inode; /proc/PID/fd links to "socket:[inode]").
 */
function listensOn(pid: number, port: number): boolean {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const inodes = fs
    .readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[1] === local && f[3] === "0A")
    .map((f) => f[9]);
  if (!inodes.length) return false;
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false; // it has exited
  }
  return fds.some((fd) => {
    try {
      return inodes.includes(/^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? "");
    } catch {
      return false;
    }
  });
}

/** Resolves true once the server listens, false if it exited first (after its output is all in). */
/** Polls until the server listens or exits; no deadline of its own (the test runner's timeout is the one bound). */
async function waitForListen(port: number, child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) {
      // Its last lines may still be in the pipe; a grandchild holding the pipe must not hang this.
      await new Promise((r) => {
        if (child.stderr?.readableEnded) return r(null);
        child.stderr?.once("end", r);
        setTimeout(r, 2_000).unref();
      });
      return false;
    }
    if (child.pid !== undefined && listensOn(child.pid, port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * FreeRDP's shadow server cannot be told to pick its own port, so the port comes from freePort(),
 * and under a parallel test run another process may take it first ("Problem creating TCP
 * listener"). It exits 255 for that and for every other failed start, so each try gets a fresh
 * port, and what every failed try printed is kept for the error.
 */
async function startShadow(sam: string, env: NodeJS.ProcessEnv, children: ChildProcess[]): Promise<number> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const shadow = spawn(
      "freerdp-shadow-cli",
      ["/bind-address:127.0.0.1", `/port:${port}`, "/sec:nla", `/sam-file:${sam}`, "+auth"],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    children.push(shadow);
    const output = tail(shadow);
    if (await waitForListen(port, shadow)) return port;
    const failure = `try ${attempt}, port ${port}: exited (${shadow.exitCode}):\n${output()}`;
    console.warn(`rdp-target: the RDP server did not start; ${failure}`);
    failures.push(failure);
  }
  throw new Error(`the RDP server did not start in 3 tries:\n${failures.join("\n")}`);
}

/** The Windows account the server accepts; RDP_USER / RDP_PASSWORD unless given (an EC2 password test). */
export interface RdpAccount {
  user?: string;
  password?: string;
}

export async function startRdpTarget(account: RdpAccount = {}): Promise<RdpTarget> {
  const user = account.user ?? RDP_USER;
  const secret = account.password ?? RDP_PASSWORD;
  const missing = missingRdpTools();
  if (missing.length) throw new Error(`missing ${missing.join(", ")}: run scripts/install-system-deps.sh`);
  const children: ChildProcess[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-rdp-"));
  const close = () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    fs.mkdirSync(path.join(dir, "client-home"));
    const display = await startXvfb(children);
    const hash = await runTool("winpr-hash", ["-u", user, "-p", secret, "-f", "sam"], {
      PATH: process.env.PATH,
    });
    if (hash.code !== 0 || !hash.out.trim()) throw new Error(`winpr-hash failed (${hash.code}): ${hash.out}`);
    const sam = path.join(dir, "sam");
    fs.writeFileSync(sam, `${hash.out.trim()}\n`);
    const port = await startShadow(sam, { PATH: process.env.PATH, HOME: dir, DISPLAY: display }, children);
    const clientEnv = { PATH: process.env.PATH, HOME: path.join(dir, "client-home"), DISPLAY: display };
    const xfreerdp = (args: string[]) => runTool("xfreerdp", args, clientEnv);
    const authOnly = (p: number, password = secret) =>
      xfreerdp([`/v:127.0.0.1:${p}`, `/u:${user}`, `/p:${password}`, "/cert:ignore", "+auth-only"]);
    return { port, display, authOnly, xfreerdp, dir, close };
  } catch (err) {
    close();
    throw err;
  }
}

export { freePort };
