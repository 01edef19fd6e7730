/**
 * Everything a tunnel test needs around the built `bastionless`: a sandbox HOME with a profile,
 * the fake SSM/EC2 API, the fake Session Manager (service + agent) and a TCP destination behind
 * it. `cli()` runs the built host as a process; `close()` ends the tunnel service it started.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import {
  type AgentKnobs,
  type FakeSessionManager,
  startFakeSessionManager,
} from "../fakes/session-manager/index";
import { type FakeInstance, type FakeSsm, type FakeSsmOptions, startFakeSsm } from "../fakes/ssm/index";
import { secretsOf, TEST_PROFILE, writeProfile } from "../fakes/ssm/profiles";
import { startEchoServer } from "./echo";
import { HOST_BUNDLE } from "./host-process";
import { makeSandbox, type Sandbox } from "./sandbox";

export const RDP_INSTANCE = "i-0123456789abcdef0";

/** `bastionless rdp` to the test instance with the world's profile, no client, JSON out, any free port. */
export const RDP_ANY_PORT_ARGS = [
  "rdp",
  RDP_INSTANCE,
  "--profile",
  "rdp-test",
  "--local-port",
  "0",
  "--no-launch",
  "--json",
];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TunnelWorld {
  sandbox: Sandbox;
  ssm: FakeSsm;
  ssmOptions: FakeSsmOptions;
  sessions: FakeSessionManager;
  /** The TCP server the fake agent dials (an echo server unless a destination was given). */
  destination: { host: string; port: number };
  env: NodeJS.ProcessEnv;
  cli(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** The tunnel service's pid, read from its socket; null when none runs. */
  servicePid(): Promise<number | null>;
  serviceLog(): string;
  close(): Promise<void>;
}

export function runHost(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HOST_BUNDLE, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export async function readServicePid(env: NodeJS.ProcessEnv): Promise<number | null> {
  const address = path.join(env.BASTIONLESS_RUNTIME_DIR!, "tunnels.sock");
  return new Promise((resolve) => {
    const s = net.connect(address);
    let buf = "";
    s.once("error", () => resolve(null));
    s.on("connect", () => s.write(`${JSON.stringify({ id: 1, op: "hello", params: {} })}\n`));
    s.on("data", (c) => {
      buf += c.toString();
      if (!buf.includes("\n")) return;
      s.destroy();
      resolve(JSON.parse(buf.split("\n")[0]!).result?.pid ?? null);
    });
  });
}

/**
 * Whether a process still runs. The service is detached and re-parented when the CLI exits; a
 * zombie waiting for a slow reaper (a container's PID 1) has exited, so it counts as gone.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "")[0] !== "Z";
  } catch {
    return true;
  }
}

/** SIGTERM (the service stops its tunnels), then SIGKILL if it lingers. */
export async function killService(pid: number | null): Promise<void> {
  if (!pid || !isRunning(pid)) return;
  process.kill(pid, "SIGTERM");
  for (let i = 0; i < 200 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 25));
  if (isRunning(pid)) process.kill(pid, "SIGKILL");
}

export async function startTunnelWorld(
  o: {
    instances?: FakeInstance[];
    knobs?: Partial<AgentKnobs>;
    destination?: { host: string; port: number };
    idleMs?: number;
    /** Rewrites each StreamUrl the fake SSM hands out (to reach the websocket through a relay). */
    streamUrl?: (url: string) => string;
  } = {},
): Promise<TunnelWorld> {
  const sandbox = makeSandbox();
  writeProfile(sandbox);
  const echo = o.destination ? null : await startEchoServer();
  const destination = o.destination ?? { host: "127.0.0.1", port: echo!.port };
  const sessions = await startFakeSessionManager({ knobs: o.knobs });
  const via = o.streamUrl;
  const viaTokens = <T extends { streamUrl: string } | null>(t: T): T =>
    t && via ? { ...t, streamUrl: via(t.streamUrl) } : t;
  const ssmSessions: FakeSessionManager = via
    ? {
        ...sessions,
        createSession: (a) => viaTokens(sessions.createSession(a)),
        resumeSession: (id) => viaTokens(sessions.resumeSession(id)),
      }
    : sessions;
  const ssmOptions: FakeSsmOptions = {
    instances: o.instances ?? [
      { instanceId: RDP_INSTANCE, name: "rdp-box", destination },
      { instanceId: "i-0fedcba9876543210", name: "twin", destination },
      { instanceId: "i-0fedcba9876543211", name: "twin", destination },
    ],
    sessions: ssmSessions,
    secrets: secretsOf(TEST_PROFILE),
  };
  const ssm = await startFakeSsm(ssmOptions);
  const env: NodeJS.ProcessEnv = {
    ...sandbox.env,
    ...ssm.env,
    BASTIONLESS_LOG_DIR: path.join(sandbox.dir, "logs"),
    BASTIONLESS_SERVICE_IDLE_MS: String(o.idleMs ?? 1_500),
  };
  let servicePids: number[] = [];
  return {
    sandbox,
    ssm,
    ssmOptions,
    sessions,
    destination,
    env,
    cli: async (args, extraEnv = {}) => {
      const r = await runHost(args, { ...env, ...extraEnv });
      const pid = await readServicePid(env);
      if (pid) servicePids = [...new Set([...servicePids, pid])];
      return r;
    },
    servicePid: () => readServicePid(env),
    serviceLog: () => {
      try {
        return fs.readFileSync(path.join(env.BASTIONLESS_LOG_DIR!, "tunnel-service.log"), "utf8");
      } catch {
        return "";
      }
    },
    close: async () => {
      const pid = await readServicePid(env);
      for (const p of new Set([...servicePids, ...(pid ? [pid] : [])])) await killService(p);
      await ssm.close();
      await sessions.close();
      await echo?.close();
      sandbox.cleanup();
    },
  };
}
