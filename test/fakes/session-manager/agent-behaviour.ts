/**
 * What each real SSM agent version does on its end of the data channel, as one table (spec §15).
 * Every row was read from the public aws/amazon-ssm-agent source at that tag; the paths are in the
 * row. The double looks its behaviour up here from `agentVersion` and nowhere else, so a test
 * that names a version gets that version's rules and never a kinder mixture.
 *
 * Common to every row (and so not a column): the resend scheduler sleeps 100 ms, looks at the
 * *front* of its unacked list only, and resends it when `now − LastSentTime > RTO`
 * (`ResendStreamDataMessageScheduler` in agent/session/datachannel/datachannel.go at all four
 * tags); a message numbered while paused is buffered with LastSentTime = now and reaches the wire
 * only through that scheduler (`SendStreamDataMessage`, same file). Nothing resends the buffer on
 * a client reconnect: the agent's websocket goes to the service, not to the client.
 */
import { compareAgentStyle } from "./knobs";

export interface AgentBehaviour {
  /** The first tag this row was read at. */
  since: string;
  /** A duplicate (seq < expected) is acked again, not only discarded. */
  reAcksDuplicates: boolean;
  /** An in-order data message is acked (and counted) before the handler runs; a handler error loses it. */
  acksBeforeProcessing: boolean;
  /** The port handler may answer "not ready": the message is neither acked nor counted (the client resends). */
  handlerNotReady: boolean;
  /** smux keepalive can be turned off by a new enough ClientVersion (> 1.2.331.0). */
  keepAliveNegotiated: boolean;
  /** Multiplexed port mode exists (LocalPortForwarding + ClientVersion ≥ 1.1.70). */
  mux: boolean;
  /**
   * Basic mode, DisconnectToPort: the destination connection is closed at once but the redial
   * flag is set later by the read pump; Output arriving in between is written to the closed
   * connection after it was acked, and lost.
   */
  basicLosesAfterDisconnect: boolean;
  source: string;
}

export const AGENT_BEHAVIOURS: readonly AgentBehaviour[] = [
  {
    since: "3.0.196.0",
    reAcksDuplicates: false, // datachannel.go handleStreamDataMessage: "Discarding already processed message", no ack
    acksBeforeProcessing: true, // datachannel.go handleStreamDataMessage: SendAcknowledgeMessage, expected++, then process
    handlerNotReady: false, // port.go InputStreamMessageHandler: tcpConn == nil ⇒ return nil (acked above, dropped)
    keepAliveNegotiated: false,
    mux: false, // port.go has no mux session at this tag; the plugin's own rule also says basic (spec §8.2)
    basicLosesAfterDisconnect: true, // port.go stop() closes tcpConn; writePump's read error sets reconnectToPort later
    source: "agent/session/datachannel/datachannel.go, agent/session/plugins/port/port.go @3.0.196.0",
  },
  {
    since: "3.1.1511.0",
    reAcksDuplicates: false, // datachannel.go handleStreamDataMessage: still "Discarding already processed message"
    acksBeforeProcessing: false, // datachannel.go: processStreamDataMessage first, SendAcknowledgeMessage after
    handlerNotReady: true, // port.go InputStreamMessageHandler: !IsConnectionAvailable() ⇒ ErrHandlerNotReady
    keepAliveNegotiated: false, // port_mux.go: smux.DefaultConfig() unchanged (keepalive always on)
    mux: true, // port.go: muxSupportedClientVersion = "1.1.70"
    basicLosesAfterDisconnect: false, // port_basic.go
    source:
      "agent/session/datachannel/datachannel.go, agent/session/plugins/port/{port,port_mux,port_basic}.go @3.1.1511.0",
  },
  {
    since: "3.2.1041.0",
    reAcksDuplicates: true, // datachannel.go: "Resending acknowledge for already processed message"
    acksBeforeProcessing: false,
    handlerNotReady: true,
    keepAliveNegotiated: true, // port_mux.go: KeepAliveDisabled iff ClientVersion > muxKeepAliveDisabledAfterThisClientVersion
    mux: true,
    basicLosesAfterDisconnect: false,
    source: "agent/session/datachannel/datachannel.go, agent/session/plugins/port/port_mux.go @3.2.1041.0",
  },
  {
    since: "3.3.40.0",
    reAcksDuplicates: true,
    acksBeforeProcessing: false,
    handlerNotReady: true,
    keepAliveNegotiated: true,
    mux: true,
    basicLosesAfterDisconnect: false,
    source: "agent/session/datachannel/datachannel.go, agent/session/plugins/port/port_mux.go @3.3.40.0",
  },
];

/** The row of the newest tag not newer than `version`; older versions than the table get its first row. */
export function agentBehaviour(version: string): AgentBehaviour {
  let row = AGENT_BEHAVIOURS[0]!;
  for (const r of AGENT_BEHAVIOURS) if (compareAgentStyle(version, r.since) >= 0) row = r;
  return row;
}
