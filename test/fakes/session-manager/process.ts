/**
 * The fake in a child process (child-main.ts), with the same operations as the in-process fake
 * but asynchronous. The child dies with the IPC channel, so a crashed test leaves nothing behind.
 */
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import type { SessionTokens } from "../../../native-host/src/aws/ssm/ssm-session";
import type { OutageEnd } from "./index";
import type { AgentKnobs } from "./knobs";
import type { FakeSessionInfo } from "./session-info";

export interface FakeSessionManagerProcess {
  url: string;
  pid: number;
  createSession(a: {
    target: string;
    destination: { host: string; port: number };
    sessionId?: string;
    knobs?: Partial<AgentKnobs>;
    parameters?: Record<string, string[]>;
  }): Promise<SessionTokens>;
  resumeSession(sessionId: string): Promise<SessionTokens | null>;
  terminateSession(sessionId: string, output?: string): Promise<void>;
  session(sessionId: string): Promise<FakeSessionInfo | undefined>;
  disconnect(sessionId: string, code?: number, reason?: string): Promise<void>;
  outage(end?: OutageEnd): Promise<void>;
  restore(): Promise<void>;
  /** A TCP destination in the child: "echo", "sink:N" (answers "k" after N bytes), "source:N". */
  destination(kind: string): Promise<number>;
  rss(): Promise<number>;
  /** CPU seconds the fake process has used so far. */
  cpuSeconds(): Promise<number>;
  close(): Promise<void>;
}

export async function startFakeSessionManagerProcess(): Promise<FakeSessionManagerProcess> {
  const child: ChildProcess = fork(path.join(__dirname, "child-main.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  let next = 1;
  const ready = new Promise<string>((resolve, reject) => {
    waiting.set(0, { resolve, reject });
    child.once("exit", (code) => {
      for (const w of waiting.values()) w.reject(new Error(`fake process exited (${code})`));
      waiting.clear();
    });
  });
  child.on("message", (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.value as never);
    else w?.reject(new Error(m.error));
  });
  const call = <T>(op: string, ...args: unknown[]): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ id, op, args });
    });
  let url: string;
  try {
    url = await ready;
  } catch (err) {
    child.kill();
    throw err;
  }
  return {
    url,
    pid: child.pid!,
    createSession: (a) => call("createSession", a),
    resumeSession: (id) => call("resumeSession", id),
    terminateSession: (id, out) => call("terminateSession", id, out),
    session: (id) => call("session", id),
    disconnect: (id, code, reason) => call("disconnect", id, code, reason),
    outage: (end) => call("outage", end),
    restore: () => call("restore"),
    destination: (kind) => call("destination", kind),
    rss: () => call("rss"),
    cpuSeconds: () => call("cpuSeconds"),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const t = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
        child.disconnect();
      }),
  };
}
