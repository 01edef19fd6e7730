/** What the fake agent's port modes share with the session. */
import type { ClientMessage } from "../../../native-host/src/tunnel/core/client-message";

export interface AgentPortHost {
  destination: { host: string; port: number };
  /** The address the agent believes it dials (a remote host's), for its error texts; default the destination's. */
  dialLabel?: string;
  /** Bytes of the agent's output stream (raw in basic mode, smux frames in mux mode). */
  emit(bytes: Buffer): void;
  /** The output queue is over its high-water mark: stop reading destinations. */
  outputHigh(): boolean;
  /** A sequenced Flag message (ConnectToPortError). */
  sendFlag(flag: number): void;
  /** Deliver client messages that waited for the destination. */
  ready(): void;
  /** The port handler can take messages again (its receive buffer has room): the agent reads on. */
  unblocked(): void;
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
  /** Times the agent's smux receive buffer filled and its reader blocked (all streams stall, spec §15). */
  muxBufferFull: number;
  /** Most bytes the agent's smux server held unread toward destinations at once. */
  muxBufferPeak: number;
}

export interface AgentPort {
  /** The handler would block (smux receive buffer full): the agent reads no more client frames. */
  readonly blocked: boolean;
  start(): void;
  /** A client Output or Flag message in order; false = not ready (left unacked). */
  deliver(msg: ClientMessage): boolean;
  /** The output queue drained: read destinations again. */
  resumeReading(): void;
  close(): void;
}
