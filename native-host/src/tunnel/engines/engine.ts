/**
 * The contract between the tunnel service (which owns AWS calls, ids and lifetimes) and a port
 * forwarding engine (the built-in data channel, or the optional session-manager-plugin).
 */
import type { Duplex } from "node:stream";
import type { SessionTokens } from "../../aws/ssm/ssm-session";
import type { Logger } from "../../config/log";

export interface EngineStats {
  /** Bytes delivered to local clients (downstream) and sent toward the instance (upstream). */
  bytesIn: number;
  bytesOut: number;
  /** Local TCP connections currently open through the tunnel. */
  connections: number;
  /** Bytes sent toward the instance and not acknowledged yet (built-in engine; bounded by its upload window). */
  upstreamUnacked?: number;
}

export type EngineState = "starting" | "open" | "reconnecting" | "closed" | "failed";

export interface EngineEvent {
  state: EngineState;
  /** Set when the state is failed/closed for a reason the user should see (e.g. channel_closed Output). */
  error?: { code: string; message: string };
}

export interface PortForwardOptions {
  session: SessionTokens;
  /** Remote port on the instance (informational: the agent takes it from the session document). */
  remotePort: number;
  /** Preferred local port; when taken, the next free one is used. 0 = any free port. */
  localPort: number;
  /** Always 127.0.0.1 (design §6): the tunnel never listens beyond loopback. */
  host: "127.0.0.1";
  /**
   * Instead of a listener: the one stream of an AWS-StartSSHSession (issue 13, `ssh-proxy`), e.g.
   * stdin/stdout. Its end ends the session; the session's end ends it (built-in engine only).
   */
  stream?: Duplex;
  /** ResumeSession: a fresh token for a dropped websocket; null when the session is over (spec §9.1). */
  resume(): Promise<SessionTokens | null>;
  /** TerminateSession API, used when the TerminateSession flag is not acknowledged (spec §8.5). */
  terminate(): Promise<void>;
  log: Logger;
  onEvent(event: EngineEvent): void;
}

export interface PortForward {
  /** The local port actually listening on 127.0.0.1. */
  readonly localPort: number;
  stats(): EngineStats;
  /** Stop: TerminateSession flag, wait briefly for its ack, close everything (spec §8.5). */
  stop(): Promise<void>;
  /** Resolves when the tunnel has ended for any reason, with that reason. */
  readonly ended: Promise<{ state: "closed" | "failed"; error?: { code: string; message: string } }>;
}

/** Opens the listener and the data channel; resolves once the handshake is done and the port accepts. */
export type StartPortForward = (opts: PortForwardOptions) => Promise<PortForward>;

/** An engine ready for one tunnel: how to start it, and what StartSession must be told first. */
export interface PreparedEngine {
  start: StartPortForward;
  /** Set by engines that must know the local port before StartSession (the plugin, spec §2.1). */
  localPortNumber?: number;
}
