/**
 * A stand-in for a tunnel service of an older bastionless (IPC version 1: its hello has no
 * `ipc`, its start knows no `settings`), run as its own process on the service socket so a
 * newer caller can be seen asking it to leave. It records the ops it was sent on stdout.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Runs in the child: `node -e SCRIPT SOCKET TUNNELS`. */
const SCRIPT = `
const net = require("node:net");
const [address, count] = process.argv.slice(1);
const tunnel = (i) => ({
  id: "old" + i, target: "i-0123456789abcdef0", instanceName: null, profile: "rdp-test",
  region: "eu-west-1", sessionId: "old-" + i, localPort: 13389 + i, remotePort: 3389,
  state: "open", bytesIn: 0, bytesOut: 0, connections: 0, since: new Date(0).toISOString(), lastError: null,
});
const tunnels = Array.from({ length: Number(count) }, (_, i) => tunnel(i));
const server = net.createServer((c) => {
  let buf = "";
  c.on("error", () => c.destroy());
  c.on("data", (d) => {
    buf += d;
    for (let i; (i = buf.indexOf("\\n")) >= 0; ) {
      const req = JSON.parse(buf.slice(0, i));
      buf = buf.slice(i + 1);
      process.stdout.write(req.op + "\\n");
      const reply =
        req.op === "hello" ? { ok: true, result: { version: "0.0.9", pid: process.pid } }
        : req.op === "list" || req.op === "subscribe" ? { ok: true, result: { tunnels } }
        : { ok: false, error: { code: "BAD_REQUEST", message: "params.settings: expected no such field" } };
      c.write(JSON.stringify({ id: req.id, ...reply }) + "\\n");
    }
  });
});
server.listen(address, () => process.stdout.write("listening\\n"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

export interface OlderService {
  pid: number;
  /** Resolves with the exit code when the process exits. */
  exited: Promise<number | null>;
  /** The ops it was sent, in order. */
  ops: string[];
  kill(): void;
}

export async function startOlderService(runtimeDir: string, tunnels: number): Promise<OlderService> {
  fs.mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  const child: ChildProcess = spawn(
    process.execPath,
    ["-e", SCRIPT, path.join(runtimeDir, "tunnels.sock"), String(tunnels)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const ops: string[] = [];
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const l of lines) {
        if (l === "listening") resolve();
        else ops.push(l);
      }
    });
    void exited.then(() => reject(new Error("the older service stand-in exited before listening")));
  });
  return { pid: child.pid!, exited, ops, kill: () => child.kill("SIGKILL") };
}
