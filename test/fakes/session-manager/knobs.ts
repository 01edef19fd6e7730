/**
 * Knobs of the fake Session Manager service + agent (spec §10 item 11 and the realism list).
 * Defaults are a current agent (3.3.x: mux, smux keepalive off) with no faults and no pacing. The
 * agent's own rules come from `agentVersion` through agent-behaviour.ts; the knobs below that are
 * "answers" choose between readings of what the service does where nobody knows (spec §14).
 */
import type { ReconnectAnswer } from "./service-relay";

export interface AgentKnobs {
  /** Picks the agent's behaviour row (agent-behaviour.ts): 3.3.40.0, 3.2.1041.0, 3.1.1511.0, 3.0.196.0. */
  agentVersion: string;
  /** What the service does with agent frames it holds when the client's websocket goes away (unknown, spec §14.1). */
  reconnectFrames: ReconnectAnswer;
  /** Bytes of agent frames the service holds toward a client before the agent's writes block. */
  serviceBufferBytes: number;
  /** One-way delay of agent frames through the service: what a client reconnect can find in flight. */
  serviceLatencyMs: number;
  /** What the service does with client frames that arrive while it has paused the agent (unknown, §15). */
  pauseFrames: "kept" | "dropped";
  /** Session document type (spec §8.1); anything but LocalPortForwarding makes both ends use basic mode; "" = no type (AWS-StartSSHSession). */
  portType: string;
  /**
   * A loopback remote host on an agent newer than the newest source read (agent-remote-host.ts):
   * refused as in the field (issue 13) or allowed as up to 3.3.1142.0. Unknown since when: test both.
   */
  loopbackRemoteHost: "forbidden" | "allowed";
  /** Like the real agent: read 1 KiB, pause 1 ms (spec §7.6) as an exact 1 KiB/ms token bucket; false = as fast as possible. */
  pacing: boolean;
  /**
   * Close the client's websocket with 1000 "Bye" (spec §9.1, #135) once the agent has put out this
   * many Output bytes on the first connection: a fault fired by progress, never by the clock, so
   * it lands inside a transfer on a fast and a slow machine alike.
   */
  byeAfterBytes: number | null;
  /** … once this many more Output bytes went out on each connection. */
  byeEveryBytes: number | null;
  /**
   * Send pause_publication each time the agent has put out `everyMessages` more Output messages,
   * and start_publication `forMs` later; the agent holds meanwhile (spec §7.6). The length is a
   * time, not a count: nothing moves while paused, so it cannot race the transfer.
   */
  pause: { everyMessages: number; forMs: number } | null;
  /** Faults on every frame each way after the handshake, from a seeded RNG. */
  dropRate: number;
  duplicateRate: number;
  reorderRate: number;
  seed: number;
  /** Delay before the HandshakeRequest (spec §10.11: may exceed 15 s). */
  handshakeDelayMs: number;
  /** How long the agent waits for the HandshakeResponse (spec §6.5: 15 s). */
  handshakeResponseTimeoutMs: number;
  /** Ask for KMSEncryption in the HandshakeRequest (spec §6.6). */
  requestKms: boolean;
  /** channel_closed after this long without stream data (spec §9.3: 20 min by default). */
  idleTimeoutMs: number;
  maxDurationMs: number | null;
  /** smux keepalive timings when keepalive is on (spec §8.4: 10 s / 30 s). */
  smuxKeepAliveIntervalMs: number;
  smuxKeepAliveTimeoutMs: number;
  /** Send agent_session_state frames the client must ignore (spec §5.1). */
  sendUnknownTypes: boolean;
  /** Text shown in HandshakeComplete (spec §6.4). */
  customerMessage: string;
}

export const DEFAULT_KNOBS: AgentKnobs = {
  agentVersion: "3.3.40.0",
  reconnectFrames: "kept",
  serviceBufferBytes: 64 * 1024,
  serviceLatencyMs: 0,
  pauseFrames: "dropped",
  portType: "LocalPortForwarding",
  loopbackRemoteHost: "forbidden",
  pacing: false,
  byeAfterBytes: null,
  byeEveryBytes: null,
  pause: null,
  dropRate: 0,
  duplicateRate: 0,
  reorderRate: 0,
  seed: 1,
  handshakeDelayMs: 0,
  handshakeResponseTimeoutMs: 15_000,
  requestKms: false,
  idleTimeoutMs: 20 * 60_000,
  maxDurationMs: null,
  smuxKeepAliveIntervalMs: 10_000,
  smuxKeepAliveTimeoutMs: 30_000,
  sendUnknownTypes: false,
  customerMessage: "",
};

/** mulberry32: a small seeded PRNG so fault runs repeat exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The agent's version comparison (spec §8.2): numeric per component, fewer components = smaller. */
export function compareAgentStyle(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (x !== y) return x > y ? 1 : -1;
  }
  return 0;
}
