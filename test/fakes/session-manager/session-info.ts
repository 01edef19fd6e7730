/** What a test can read about one fake session (counts of acks, resends, faults, streams…). */
import type { AgentCounters } from "./agent-channel";
import type { AgentPortCounts } from "./agent-port";
import type { RelayCounts } from "./service-relay";
import type { WireCounts } from "./wire";

export type FakeSessionState = "created" | "connected" | "disconnected" | "ended";

export interface FakeSessionCounts extends AgentCounters, AgentPortCounts, WireCounts, RelayCounts {
  /** Websocket connections accepted (1 + reconnects). */
  connections: number;
  /** Connections refused: bad or reused token, outage. */
  refused: number;
  byes: number;
  /** input_stream_data frames that arrived while the client had been told pause_publication. */
  clientFramesWhilePaused: number;
  /** Client data received before HandshakeComplete (acked and dropped, spec §6.5). */
  earlyClientData: number;
  malformedFrames: number;
  pauses: number;
  /** Output payload bytes the agent put out, and when its first and last Output left (epoch ms): its achieved pace. */
  outputBytes: number;
  outputFirstAt: number;
  outputLastAt: number;
}

export interface FakeSessionInfo {
  sessionId: string;
  target: string;
  state: FakeSessionState;
  mode: "basic" | "mux" | null;
  smuxKeepAlive: boolean | null;
  clientVersion: string | null;
  /** ClientId of every OpenDataChannel, in order (the same value on every reconnect, spec §9.1). */
  clientIds: string[];
  /** The HandshakeRequest the agent sent (its SessionType Properties echo StartSession's parameters). */
  handshakeRequest: unknown;
  handshakeResponse: unknown;
  /** TerminateSession flag received (spec §8.5). */
  terminated: boolean;
  /** Why the session ended: flag, api, idle, max-duration, handshake, dial, channel-closed, smux-timeout. */
  endedBy: string | null;
  counts: FakeSessionCounts;
}

export function newCounts(): FakeSessionCounts {
  return {
    agentMessages: 0,
    agentResends: 0,
    acksSent: 0,
    acksReceived: 0,
    clientMessages: 0,
    clientDuplicates: 0,
    clientOutOfOrder: 0,
    bytesToDestination: 0,
    bytesFromDestination: 0,
    streamsOpened: 0,
    openStreams: 0,
    maxConcurrentStreams: 0,
    connectToPortErrors: 0,
    nopsReceived: 0,
    disconnectToPort: 0,
    destinationDials: 0,
    muxBufferFull: 0,
    muxBufferPeak: 0,
    clientDuplicatesUnacked: 0,
    clientLostAfterAck: 0,
    clientNotReady: 0,
    framesLostOnReconnect: 0,
    dropped: 0,
    duplicated: 0,
    reordered: 0,
    connections: 0,
    refused: 0,
    byes: 0,
    clientFramesWhilePaused: 0,
    earlyClientData: 0,
    malformedFrames: 0,
    pauses: 0,
    outputBytes: 0,
    outputFirstAt: 0,
    outputLastAt: 0,
  };
}
