/**
 * Reliable delivery over the data channel (spec §7), the client side. A pure state machine: time,
 * message ids, the wire and the local consumer are passed in; it decides what to (re)send, what to
 * ack and what to deliver. Where the spec shows the Go plugin's bugs this does better (§7.3–7.6):
 * a message is buffered before it is written, duplicates are re-acked, the last-sent time is
 * tracked per message, every expired message the peer evidently missed is resent (not only the
 * oldest), Karn's rule keeps retransmissions out of the RTT, and pause_publication holds sending
 * but never acks.
 */
import { decodeAcknowledgedSequence, encodeAcknowledge } from "./acknowledge";
import { type ClientMessage, encodeClientMessage, SCHEMA_VERSION } from "./client-message";
import { HeaderFlag, isHandshakePayload, MessageType } from "./message-types";
import { RttEstimator } from "./rtt-estimator";

export interface ReliableChannelIo {
  /** Epoch milliseconds (CreatedDate and timers). */
  now(): number;
  /** A MessageId, or NEW_MESSAGE_ID for a random one written by the encoder. */
  newMessageId(): string;
  /** Puts one frame on the wire; false when no transport is up (the frame is lost). */
  write(frame: Buffer): boolean;
  /** An in-order sequenced message; false = not ready: it stays unacked and the peer resends (§7.3). */
  deliver(msg: ClientMessage): boolean;
  /** The unacked window dropped below its low-water mark after being full. */
  windowOpen(): void;
}

export interface ReliableChannelOptions {
  /** Our sequenced type and the peer's (client: input_stream_data / output_stream_data). */
  sendType: string;
  receiveType: string;
  /** Unacked messages allowed before `writable` turns false (flow control instead of 1 ms pacing, §7.6). */
  maxUnacked: number;
  /** Out-of-order messages kept; beyond it they are dropped unacked (plugin: 10 000, §7.3). */
  maxOutOfOrder: number;
}

interface Pending {
  seq: number;
  frame: Buffer;
  /** -1 until the frame first reaches the wire. */
  lastSent: number;
  firstSent: number;
  attempts: number;
}

/**
 * Ours, not the plugin's: because every expired message is resent (not only the oldest), a
 * spurious timeout would resend the whole window, so the timeout never goes below 200 ms (Linux's
 * TCP_RTO_MIN; loopback RTT samples drive the spec's RTO down to ~10 ms, below event-loop jitter),
 * and repeated resends of one message back off ×2 up to 4 s.
 */
const MIN_RESEND_MS = 200;
/** At least this long after pause_publication, peer traffic may still be the old flight. */
const PAUSE_FLIGHT_MS = 1000;
const MAX_BACKOFF_SHIFT = 3;
const MAX_BACKOFF_MS = 4000;

export class ReliableChannel {
  readonly rtt = new RttEstimator();
  readonly counters = {
    sent: 0,
    resent: 0,
    acksSent: 0,
    acksReceived: 0,
    duplicates: 0,
    outOfOrder: 0,
    notReady: 0,
  };
  private nextSeq = 0;
  private expected = 0;
  private readonly unacked = new Map<number, Pending>();
  private readonly outOfOrder = new Map<number, ClientMessage>();
  /** An in-order message the consumer refused: kept unacked and offered again on retryDelivery. */
  private held: ClientMessage | null = null;
  private online = false;
  /** Since when pause_publication holds our sending (-1 = not paused). */
  private pausedAt = -1;
  private full = false;
  /**
   * One message timed per round trip (Jacobson/Karn), not every ack: acks come in bursts of
   * dozens for messages sent together, and per-message samples would collapse the variance.
   */
  private timedSeq = -1;
  /** Highest sequence number acked so far: an unacked message below it is a hole, not a slow peer. */
  private highestAcked = -1;

  constructor(
    private readonly io: ReliableChannelIo,
    private readonly opts: ReliableChannelOptions,
  ) {}

  /** Whether the local side may produce more (the unacked window is not full). */
  get writable(): boolean {
    return !this.full;
  }

  get unackedCount(): number {
    return this.unacked.size;
  }

  get nextSequenceNumber(): number {
    return this.nextSeq;
  }

  get expectedSequenceNumber(): number {
    return this.expected;
  }

  /** Numbers, buffers, then (if the wire is up and not paused) writes a sequenced message. */
  send(payloadType: number, payload: Buffer): number {
    const seq = this.nextSeq++;
    const now = this.io.now();
    const frame = encodeClientMessage({
      messageType: this.opts.sendType,
      schemaVersion: SCHEMA_VERSION,
      createdDate: now,
      sequenceNumber: seq,
      flags: HeaderFlag.None,
      messageId: this.io.newMessageId(),
      payloadType,
      payload,
    });
    const pending: Pending = { seq, frame, lastSent: -1, firstSent: now, attempts: 0 };
    this.unacked.set(seq, pending);
    this.counters.sent++;
    if (this.unacked.size >= this.opts.maxUnacked) this.full = true;
    if (this.online && this.pausedAt < 0) this.transmit(pending, now);
    return seq;
  }

  /** Handles one decoded frame; returns it when it is not the channel's business (channel_closed, unknown). */
  receive(msg: ClientMessage): ClientMessage | null {
    switch (msg.messageType) {
      case this.opts.receiveType:
        this.resumeIfStale();
        this.receiveSequenced(msg);
        return null;
      case MessageType.Acknowledge:
        this.resumeIfStale();
        this.receiveAck(msg);
        return null;
      case MessageType.PausePublication:
        if (this.pausedAt < 0) this.pausedAt = this.io.now();
        return null;
      case MessageType.StartPublication:
        this.pausedAt = -1;
        this.resendAll();
        return null;
      default:
        return msg;
    }
  }

  /** Transport up/down. Coming up resends every unacked message at once (spec §9.1 step 4). */
  setOnline(online: boolean): void {
    this.online = online;
    this.timedSeq = -1;
    if (online) this.resendAll();
  }

  /**
   * The scheduler tick (spec §7.4: every 100 ms): first sends, then every expired message that is
   * a hole (a later one was acked: the agent dropped it, e.g. not ready) plus the oldest as a
   * probe. The websocket is TCP, so a peer that acked nothing newer is slow, not lossy; resending
   * the whole window at it would only add load (after a reconnect everything is resent anyway).
   */
  tick(): void {
    this.retryDelivery();
    if (!this.online || this.pausedAt >= 0) return;
    const now = this.io.now();
    let oldest = true;
    for (const p of this.unacked.values()) {
      const probe = oldest;
      oldest = false;
      if (p.lastSent < 0) {
        this.transmit(p, now);
      } else if ((probe || p.seq < this.highestAcked) && now - p.lastSent > this.backoff(p.attempts)) {
        p.attempts++;
        if (p.seq === this.timedSeq) this.timedSeq = -1;
        this.counters.resent++;
        this.transmit(p, now);
      }
    }
  }

  /**
   * The consumer is congested and half the out-of-order room is used: the owner should stop
   * reading the transport (TCP backpressure) rather than drop messages the agent would only
   * resend one per tick (spec §7.4: it retransmits only its oldest).
   */
  get backlogged(): boolean {
    return this.held !== null && this.outOfOrder.size >= this.opts.maxOutOfOrder >> 1;
  }

  /** Whether our sequenced message `seq` was acked. */
  isAcked(seq: number): boolean {
    return seq < this.nextSeq && !this.unacked.has(seq);
  }

  /** Age of the oldest unacked message, 0 when none (the give-up rule of spec §8.5). */
  oldestUnackedAge(): number {
    for (const p of this.unacked.values()) return this.io.now() - p.firstSent;
    return 0;
  }

  /** Delivers buffered in-order messages the consumer refused earlier (it has room again). */
  retryDelivery(): void {
    const held = this.held;
    if (held) {
      if (!this.io.deliver(held)) return;
      this.held = null;
      this.ack(held);
      this.expected++;
    }
    while (this.outOfOrder.has(this.expected)) {
      const msg = this.outOfOrder.get(this.expected)!;
      if (!this.io.deliver(msg)) return;
      this.outOfOrder.delete(this.expected);
      this.expected++;
    }
  }

  private backoff(attempts: number): number {
    return Math.min(
      Math.max(MIN_RESEND_MS, this.rtt.rto) * 2 ** Math.min(attempts, MAX_BACKOFF_SHIFT),
      MAX_BACKOFF_MS,
    );
  }

  /**
   * After a reconnect or start_publication whatever was in flight may have gone into a dead or
   * inactive channel (spec §7.6, §9.1): resend it all now rather than one probe at a time.
   */
  private resendAll(): void {
    if (!this.online || this.pausedAt >= 0) return;
    const now = this.io.now();
    this.timedSeq = -1;
    for (const p of this.unacked.values()) {
      if (p.lastSent >= 0) this.counters.resent++;
      this.transmit(p, now);
    }
  }

  private transmit(p: Pending, now: number): void {
    if (!this.io.write(p.frame)) return;
    if (this.timedSeq < 0 && p.lastSent < 0) this.timedSeq = p.seq;
    p.lastSent = now;
  }

  /**
   * Like the agent, traffic from the peer also ends a pause (a lost start_publication must not
   * stall us forever), but only traffic that cannot have been in flight when the pause was sent:
   * within about two RTOs of it, acks and data are still the old flight.
   */
  private resumeIfStale(): void {
    if (this.pausedAt >= 0 && this.io.now() - this.pausedAt > Math.max(2 * this.rtt.rto, PAUSE_FLIGHT_MS))
      this.resume();
  }

  private resume(): void {
    if (this.pausedAt < 0) return;
    this.pausedAt = -1;
    if (!this.online) return;
    const now = this.io.now();
    for (const p of this.unacked.values()) if (p.lastSent < 0) this.transmit(p, now);
  }

  private receiveAck(msg: ClientMessage): void {
    let seq: number;
    try {
      seq = decodeAcknowledgedSequence(msg.payload);
    } catch {
      return; // spec §7.2: a malformed ack is as good as none; the message is resent.
    }
    this.counters.acksReceived++;
    const p = this.unacked.get(seq);
    if (!p) return;
    this.unacked.delete(seq);
    if (seq > this.highestAcked) this.highestAcked = seq;
    if (seq === this.timedSeq) {
      this.timedSeq = -1;
      if (p.attempts === 0) this.rtt.sample(this.io.now() - p.lastSent);
    }
    if (this.full && this.unacked.size <= (this.opts.maxUnacked * 3) >> 2) {
      this.full = false;
      this.io.windowOpen();
    }
  }

  /** Spec §7.3 with the agent's re-ack of duplicates. */
  private receiveSequenced(msg: ClientMessage): void {
    const seq = msg.sequenceNumber;
    if (seq < this.expected) {
      this.counters.duplicates++;
      this.ack(msg);
    } else if (seq > this.expected) {
      if (!this.outOfOrder.has(seq)) {
        if (this.outOfOrder.size >= this.opts.maxOutOfOrder) return;
        this.outOfOrder.set(seq, msg);
        this.counters.outOfOrder++;
      }
      this.ack(msg);
    } else {
      // Handshake payloads are acked first, then processed (spec §6.3 step 1); data only once
      // the consumer took it (§7.5).
      const handshake = isHandshakePayload(msg.payloadType);
      if (handshake) this.ack(msg);
      if (!this.io.deliver(msg) && !handshake) {
        this.counters.notReady++;
        this.held = msg;
        return;
      }
      if (!handshake) this.ack(msg);
      this.held = null;
      this.outOfOrder.delete(seq);
      this.expected++;
      this.retryDelivery();
    }
  }

  private ack(msg: ClientMessage): void {
    if (this.io.write(encodeAcknowledge(msg, this.io.newMessageId(), this.io.now())))
      this.counters.acksSent++;
  }
}
