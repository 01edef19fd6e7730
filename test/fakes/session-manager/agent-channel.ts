/**
 * The agent's end of reliable delivery (spec §7, agent column): its own sequence counter from 0,
 * an unacked buffer of up to 100 000 messages retransmitted with the §7.4 constants and correct
 * last-sent times, an out-of-order buffer of 100 000, acks for in-order messages once handled,
 * for buffered ones, and again for duplicates; a message its handler is "not ready" for is
 * neither acked nor counted (spec §10 item 6).
 */
import { decodeAcknowledgedSequence, encodeAcknowledge } from "../../../native-host/src/tunnel/acknowledge";
import {
  type ClientMessage,
  encodeClientMessage,
  NEW_MESSAGE_ID,
  SCHEMA_VERSION,
} from "../../../native-host/src/tunnel/client-message";
import { HeaderFlag, MessageType } from "../../../native-host/src/tunnel/message-types";
import { RttEstimator } from "../../../native-host/src/tunnel/rtt-estimator";

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
}

interface Pending {
  frame: Buffer;
  lastSent: number;
  attempts: number;
}

export class AgentChannel {
  /** Held by MGS pause, a disconnected client, or an outage: nothing sent, nothing resent. */
  paused = true;
  private nextSeq = 0;
  private expected = 0;
  private readonly unacked = new Map<number, Pending>();
  private readonly buffered = new Map<number, ClientMessage>();
  private readonly rtt = new RttEstimator();

  constructor(
    private readonly io: AgentChannelIo,
    private readonly oldestOnly: boolean,
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
    // Spec §7.4: when full the new message is sent once but not buffered.
    const p: Pending = { frame, lastSent: this.paused ? -1 : Date.now(), attempts: 0 };
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

  /**
   * Every 100 ms: messages numbered while paused go out, then the oldest expired message is
   * resent (spec §7.4, agent), or every expired one when oldestOnly is false.
   */
  tick(): void {
    if (this.paused) return;
    const now = Date.now();
    let oldest = true;
    for (const p of this.unacked.values()) {
      if (p.lastSent < 0) {
        this.transmit(p, now);
      } else if ((oldest || !this.oldestOnly) && now - p.lastSent > this.rtt.rto) {
        this.counters.agentResends++;
        p.attempts++;
        this.transmit(p, now);
      }
      oldest = false;
    }
  }

  /**
   * The client came back on a new websocket: everything unacked goes out again at once. What MGS
   * does with messages for a disconnected client is unknown (spec §14.1); this is the reading under
   * which a resumed transfer continues at once instead of one resend per tick.
   */
  resendAll(): void {
    for (const p of this.unacked.values()) p.lastSent = -1;
    this.tick();
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
      this.ack(msg);
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
    if (!this.io.deliver(msg)) return;
    this.counters.clientMessages++;
    this.ack(msg);
    this.expected++;
    this.drain();
  }

  private ack(msg: ClientMessage): void {
    this.counters.acksSent++;
    this.io.write(encodeAcknowledge(msg, NEW_MESSAGE_ID, Date.now()));
  }
}
