/** What the fake agent's port modes share with the session. */
import type { ClientMessage } from "../../../native-host/src/tunnel/client-message";

export interface AgentPortHost {
  destination: { host: string; port: number };
  /** Bytes of the agent's output stream (raw in basic mode, smux frames in mux mode). */
  emit(bytes: Buffer): void;
  /** The output queue is over its high-water mark: stop reading destinations. */
  outputHigh(): boolean;
  /** A sequenced Flag message (ConnectToPortError). */
  sendFlag(flag: number): void;
  /** Deliver client messages that waited for the destination. */
  ready(): void;
  /** End the session with channel_closed and this Output. */
  fail(output: string, by: string): void;
  counts: AgentPortCounts;
}

export interface AgentPortCounts {
  bytesToDestination: number;
  bytesFromDestination: number;
  streamsOpened: number;
  openStreams: number;
  maxConcurrentStreams: number;
  connectToPortErrors: number;
  nopsReceived: number;
  disconnectToPort: number;
  destinationDials: number;
}

export interface AgentPort {
  start(): void;
  /** A client Output or Flag message in order; false = not ready (left unacked). */
  deliver(msg: ClientMessage): boolean;
  /** The output queue drained: read destinations again. */
  resumeReading(): void;
  close(): void;
}
