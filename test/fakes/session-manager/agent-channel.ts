/**
 * The agent's end of reliable delivery (spec §7, agent column; §15): its own sequence counter from
 * 0, an unacked buffer of up to 100 000 messages of which only the *oldest* is resent, once per
 * 100 ms tick, when its RTO expired (messages numbered while paused wait for that same scheduler),
 * an out-of-order buffer of 100 000, and the version-dependent rules of agent-behaviour.ts: ack
 * before or after processing, re-ack of duplicates or not, "not ready" withholding the ack.
 */
import {
  decodeAcknowledgedSequence,
  encodeAcknowledge,
} from "../../../native-host/src/tunnel/core/acknowledge";
import {
  type ClientMessage,
  encodeClientMessage,
  NEW_MESSAGE_ID,
  SCHEMA_VERSION,
} from "../../../native-host/src/tunnel/core/client-message";
import { HeaderFlag, MessageType } from "../../../native-host/src/tunnel/core/message-types";
import { RttEstimator } from "../../../native-host/src/tunnel/core/rtt-estimator";
import type { AgentBehaviour } from "./agent-behaviour";

const AGENT_BUFFER = 100_000;

export interface AgentChannelIo {
  write(frame: Buffer): void;
  /** An in-order input_stream_data message; false = not ready. */
  deliver(msg: ClientMessage): boolean;
}

export interface AgentCounters {
  agentMessages: number;
  agentResends: number;
  acksSent: number;
  acksReceived: number;
  clientMessages: number;
  clientDuplicates: number;
  clientOutOfOrder: number;
  /** Duplicates discarded without an ack (agents before 3.2.1041.0). */
  clientDuplicatesUnacked: number;
  /** Messages acked and then not processed (3.0.196.0 acks first): lost. */
  clientLostAfterAck: number;
  /** Messages left unacked because the handler was not ready. */
  clientNotReady: number;
}

interface Pending {
  frame: Buffer;
  lastSent: number;
  attempts: number;
}

export class AgentChannel {
  /**
   * Held by pause_publication (the service also pauses the agent while its client is away, an
   * assumption: spec §14.1): new messages are numbered and buffered, nothing is sent or resent.
   */
  paused = true;
  private nextSeq = 0;
  private expected = 0;
  private readonly unacked = new Map<number, Pending>();
  private readonly buffered = new Map<number, ClientMessage>();
  private readonly rtt = new RttEstimator();

  constructor(
    private readonly io: AgentChannelIo,
    private readonly behaviour: AgentBehaviour,
    readonly counters: AgentCounters,
  ) {}

  get unackedCount(): number {
    return this.unacked.size;
  }

  /** The agent's seq 0 carries Flags 1 (SYN), later ones 0 (spec §4). */
  send(payloadType: number, payload: Buffer): number {
    const seq = this.nextSeq++;
    const frame = encodeClientMessage({
      messageType: MessageType.OutputStreamData,
      schemaVersion: SCHEMA_VERSION,
      createdDate: Date.now(),
      sequenceNumber: seq,
      flags: seq === 0 ? HeaderFlag.Syn : HeaderFlag.None,
      messageId: NEW_MESSAGE_ID,
      payloadType,
      payload,
    });
    this.counters.agentMessages++;
    // Spec §7.4: when full the new message is sent once but not buffered. While paused it is
    // buffered with LastSentTime = now and goes out only when the scheduler reaches it (§15).
    const p: Pending = { frame, lastSent: Date.now(), attempts: this.paused ? 1 : 0 };
    if (this.unacked.size < AGENT_BUFFER) this.unacked.set(seq, p);
    if (!this.paused) this.io.write(frame);
    return seq;
  }

  receive(msg: ClientMessage): void {
    if (msg.messageType === MessageType.Acknowledge) {
      let seq: number;
      try {
        seq = decodeAcknowledgedSequence(msg.payload);
      } catch {
        return;
      }
      this.counters.acksReceived++;
      const p = this.unacked.get(seq);
      if (!p) return;
      this.unacked.delete(seq);
      if (p.attempts === 0 && p.lastSent >= 0) this.rtt.sample(Date.now() - p.lastSent);
    } else if (msg.messageType === MessageType.InputStreamData) {
      this.receiveSequenced(msg);
    }
  }

  /** Every 100 ms: the oldest unacked message is resent if its RTO expired, and nothing else (spec §7.4, §15). */
  tick(): void {
    if (this.paused) return;
    const now = Date.now();
    for (const p of this.unacked.values()) {
      if (now - p.lastSent > this.rtt.rto) {
        this.counters.agentResends++;
        p.attempts++;
        this.transmit(p, now);
      }
      return;
    }
  }

  private transmit(p: Pending, now: number): void {
    p.lastSent = now;
    this.io.write(p.frame);
  }

  /** Handler became ready (e.g. destination connected): deliver what waits in order. */
  drain(): void {
    while (this.buffered.has(this.expected)) {
      const msg = this.buffered.get(this.expected)!;
      if (!this.io.deliver(msg)) return;
      this.counters.clientMessages++;
      this.buffered.delete(this.expected);
      this.expected++;
    }
  }

  private receiveSequenced(msg: ClientMessage): void {
    const seq = msg.sequenceNumber;
    if (seq < this.expected) {
      this.counters.clientDuplicates++;
      if (this.behaviour.reAcksDuplicates) this.ack(msg);
      else this.counters.clientDuplicatesUnacked++;
      return;
    }
    if (seq > this.expected) {
      if (!this.buffered.has(seq)) {
        if (this.buffered.size >= AGENT_BUFFER) return;
        this.buffered.set(seq, msg);
        this.counters.clientOutOfOrder++;
      }
      this.ack(msg);
      return;
    }
    if (this.buffered.has(seq)) {
      this.drain(); // the buffered copy was acked already
      return;
    }
    if (this.behaviour.acksBeforeProcessing) {
      this.ack(msg);
      this.expected++;
      this.counters.clientMessages++;
      if (!this.io.deliver(msg)) this.counters.clientLostAfterAck++;
    } else {
      if (!this.io.deliver(msg)) {
        this.counters.clientNotReady++;
        return;
      }
      this.counters.clientMessages++;
      this.ack(msg);
      this.expected++;
    }
    this.drain();
  }

  private ack(msg: ClientMessage): void {
    this.counters.acksSent++;
    this.io.write(encodeAcknowledge(msg, NEW_MESSAGE_ID, Date.now()));
  }
}
