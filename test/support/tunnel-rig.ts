/**
 * A tunnel on the bench: a TCP destination (echo by default), the fake service + agent in front of
 * it, and the built-in engine listening on 127.0.0.1. Everything is real TCP and websockets; only
 * AWS is faked. `close()` ends all of it on every path.
 */
import net from "node:net";
import { createLogger, type Logger } from "../../native-host/src/config/log";
import {
  RECONNECT_DEFAULTS,
  type ReconnectPolicy,
  reconnectDelay,
} from "../../native-host/src/tunnel/core/reconnect-policy";
import { startBuiltinPortForward } from "../../native-host/src/tunnel/engines/builtin-engine";
import type { EngineEvent, PortForward } from "../../native-host/src/tunnel/engines/engine";
import type { EngineTuning } from "../../native-host/src/tunnel/engines/engine-tuning";
import {
  type AgentKnobs,
  type FakeSessionManager,
  startFakeSessionManager,
} from "../fakes/session-manager/index";
import { echo } from "./echo";

export interface TunnelRig {
  fake: FakeSessionManager;
  pf: PortForward;
  sessionId: string;
  events: EngineEvent[];
  destinationPort: number;
  terminateCalls: number;
  resumeCalls: number;
  close(): Promise<void>;
}

export interface RigOptions {
  knobs?: Partial<AgentKnobs>;
  tuning?: Partial<EngineTuning>;
  localPort?: number;
  /** What the destination does with a connection; default: echo. */
  destination?: (socket: net.Socket) => void;
  /** Point the session at this port instead of the rig's own destination (e.g. a closed port). */
  destinationPort?: number;
  /** StartSession's document Parameters (default: portNumber = the destination port). */
  parameters?: Record<string, string[]>;
  /** Called on every TerminateSession API call, also when start fails. */
  onTerminate?: () => void;
  /** Replace ResumeSession (e.g. to return null). */
  resume?: () => Promise<ReturnType<FakeSessionManager["resumeSession"]>>;
  log?: Logger;
}

export async function listenTcp(handler: (s: net.Socket) => void): Promise<net.Server> {
  const server = net.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return server;
}

/** A port on 127.0.0.1 with nobody listening (bound, read, released). */
export async function closedPort(): Promise<number> {
  const s = await listenTcp(() => {});
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Whether a TCP connect to 127.0.0.1:port is refused. */
export function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.on("error", () => resolve(true));
    s.on("connect", () => {
      s.destroy();
      resolve(false);
    });
  });
}

/**
 * How many refused attempts make an outage last at least `ms` for an engine retrying by `policy`:
 * its shortest schedule (smallest base, most negative jitter). An outage that ends on that count
 * is as long as the engine's own retries make it, on a fast and a slow machine alike.
 */
export function refusalsSpanning(ms: number, policy: ReconnectPolicy = RECONNECT_DEFAULTS): number {
  let waited = 0;
  let n = 0;
  // Attempt 0 follows the drop at once; attempt n + 1 waits reconnectDelay(n).
  while (waited < ms) waited += reconnectDelay(policy, n++, policy.baseMinMs, () => 0);
  return n;
}

/** Builds the rig; if the engine fails to start, everything already started is closed and the error rethrown. */
export async function startTunnelRig(o: RigOptions = {}): Promise<TunnelRig> {
  const dest = await listenTcp(o.destination ?? echo);
  const destSockets = new Set<net.Socket>();
  dest.on("connection", (s) => {
    destSockets.add(s);
    s.on("close", () => destSockets.delete(s));
  });
  const destinationPort = o.destinationPort ?? (dest.address() as net.AddressInfo).port;
  const fake = await startFakeSessionManager();
  const closeOthers = async () => {
    await fake.close();
    for (const s of destSockets) s.destroy();
    await new Promise<void>((r) => dest.close(() => r()));
  };
  const tokens = fake.createSession({
    target: "i-0123456789abcdef0",
    destination: { host: "127.0.0.1", port: destinationPort },
    knobs: o.knobs ?? {},
    ...(o.parameters ? { parameters: o.parameters } : {}),
  });
  const events: EngineEvent[] = [];
  const counters = { terminateCalls: 0, resumeCalls: 0 };
  let pf: PortForward;
  try {
    pf = await startBuiltinPortForward(
      {
        session: tokens,
        remotePort: destinationPort,
        localPort: o.localPort ?? 0,
        host: "127.0.0.1",
        resume: async () => {
          counters.resumeCalls++;
          return o.resume ? o.resume() : fake.resumeSession(tokens.sessionId);
        },
        terminate: async () => {
          counters.terminateCalls++;
          o.onTerminate?.();
          fake.terminateSession(tokens.sessionId);
        },
        log: o.log ?? createLogger(() => {}, "error"),
        onEvent: (e) => events.push(e),
      },
      o.tuning,
    );
  } catch (err) {
    await closeOthers();
    throw err;
  }
  return {
    fake,
    pf,
    sessionId: tokens.sessionId,
    events,
    destinationPort,
    get terminateCalls() {
      return counters.terminateCalls;
    },
    get resumeCalls() {
      return counters.resumeCalls;
    },
    async close() {
      await pf.stop();
      await closeOthers();
    },
  };
}
