/**
 * The sending half of reliable delivery (spec §7.1, §7.4, §7.6), client side: sequence numbers,
 * the unacked buffer, retransmission with the RTT/RTO rules, the upstream window and
 * pause/start_publication. Where the spec shows the plugin's bugs this does better: a message is
 * buffered before it is written, its last-sent time is tracked, every expired hole is resent (not
 * only the oldest), and Karn's rule keeps retransmissions out of the RTT. Pure: I/O is passed in.
 */
import { decodeAcknowledgedSequence } from "./acknowledge";
import { encodeClientMessage, frameLength, SCHEMA_VERSION } from "./client-message";
import { FrameSlots } from "./frame-slots";
import { HeaderFlag } from "./message-types";
import { RttEstimator } from "./rtt-estimator";
import { UPLOAD_WINDOW_DEFAULTS, UploadWindow, type UploadWindowOptions } from "./upload-window";

export interface SenderIo {
  now(): number;
  newMessageId(): string;
  /** Copies or sends `frame` before returning: its buffer is reused (frame-slots.ts). */
  write(frame: Buffer): boolean;
  /** The unacked window dropped below its low-water mark after being full. */
  windowOpen(): void;
}

export interface SenderCounters {
  sent: number;
  resent: number;
  acksReceived: number;
  /** Messages resent PRESUME_DELIVERED_AFTER times, never acked, with later ones acked: taken as delivered. */
  presumedDelivered: number;
}

interface Pending {
  seq: number;
  frame: Buffer;
  /** The reused buffer `frame` lives in, given back once acknowledged (frame-slots.ts). */
  slot: Buffer | null;
  /** Payload bytes, counted against the upload window. */
  size: number;
  /** -1 until the frame first reaches the wire. */
  lastSent: number;
  firstSent: number;
  attempts: number;
}

/**
 * Ours, not the plugin's: because every expired hole is resent, a spurious timeout would resend
 * much of the window, so the timeout never goes below 200 ms (Linux's TCP_RTO_MIN; loopback RTT
 * samples drive the spec's RTO down to ~10 ms, below event-loop jitter), and repeated resends of
 * one message back off ×2 up to 4 s.
 */
const MIN_RESEND_MS = 200;
const MAX_BACKOFF_SHIFT = 3;
const MAX_BACKOFF_MS = 4000;
/** At least this long after pause_publication, peer traffic may still be the old flight. */
const PAUSE_FLIGHT_MS = 1000;
/**
 * Agents before 3.2.1041.0 never ack a duplicate (spec §15): once the ack of a message is lost,
 * every resend of it is discarded in silence, and the message would stay unacked until the
 * give-up rule killed a working tunnel. A message resent this many times (≈ 10 s with the backoff
 * above) that was never acked while later ones were is therefore taken as delivered. A newer agent
 * re-acks the first resend, so for it this never fires unless six copies in a row were lost.
 */
export const PRESUME_DELIVERED_AFTER = 6;
/**
 * Frame buffers reused between messages: slots fit a full data message (spec §7.4: 1 KiB
 * payloads), and at most 256 free ones (≈ 290 KiB) stay with an idle tunnel.
 */
const SLOT_PAYLOAD_BYTES = 1024;
const FREE_SLOTS_KEPT = 256;

export class ReliableSender {
  readonly rtt = new RttEstimator();
  readonly window: UploadWindow;
  private nextSeq = 0;
  private readonly unacked = new Map<number, Pending>();
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
  private readonly slots = new FrameSlots(frameLength(SLOT_PAYLOAD_BYTES), FREE_SLOTS_KEPT);

  constructor(
    private readonly io: SenderIo,
    private readonly opts: { sendType: string; maxUnacked: number; uploadWindow?: UploadWindowOptions },
    private readonly counters: SenderCounters,
  ) {
    this.window = new UploadWindow(opts.uploadWindow ?? UPLOAD_WINDOW_DEFAULTS, io.now());
  }

  get writable(): boolean {
    return !this.full;
  }

  /** Payload bytes sent (or waiting to be) and not acknowledged yet. */
  get unackedBytes(): number {
    return this.window.inFlight;
  }

  get unackedCount(): number {
    return this.unacked.size;
  }

  isAcked(seq: number): boolean {
    return seq < this.nextSeq && !this.unacked.has(seq);
  }

  /** Age of the oldest unacked message, 0 when none (the give-up rule of spec §8.5). */
  oldestUnackedAge(): number {
    for (const p of this.unacked.values()) return this.io.now() - p.firstSent;
    return 0;
  }

  /** Numbers, buffers, then (if the wire is up and not paused) writes a sequenced message. */
  send(payloadType: number, payload: Buffer): number {
    const seq = this.nextSeq++;
    const now = this.io.now();
    const { frame, slot } = this.slots.take(frameLength(payload.length));
    encodeClientMessage(
      {
        messageType: this.opts.sendType,
        schemaVersion: SCHEMA_VERSION,
        createdDate: now,
        sequenceNumber: seq,
        flags: HeaderFlag.None,
        messageId: this.io.newMessageId(),
        payloadType,
        payload,
      },
      frame,
    );
    const pending: Pending = {
      seq,
      frame,
      slot,
      size: payload.length,
      lastSent: -1,
      firstSent: now,
      attempts: 0,
    };
    this.unacked.set(seq, pending);
    this.counters.sent++;
    this.window.sent(payload.length, now);
    if (this.unacked.size >= this.opts.maxUnacked || !this.window.open(now)) this.full = true;
    if (this.online && this.pausedAt < 0) this.transmit(pending, now);
    return seq;
  }

  /** Spec §7.2: only the sequence number counts; an unknown one is ignored. */
  receiveAck(payload: Buffer): void {
    let seq: number;
    try {
      seq = decodeAcknowledgedSequence(payload);
    } catch {
      return; // a malformed ack is as good as none; the message is resent
    }
    this.counters.acksReceived++;
    const p = this.unacked.get(seq);
    if (!p) return;
    if (seq > this.highestAcked) this.highestAcked = seq;
    if (seq === this.timedSeq) {
      this.timedSeq = -1;
      if (p.attempts === 0) {
        const now = this.io.now();
        this.rtt.sample(now - p.lastSent);
        this.window.sample(now - p.lastSent, now);
      }
    }
    this.forget(p);
  }

  private forget(p: Pending): void {
    this.unacked.delete(p.seq);
    // Acknowledged (or presumed so): the frame is never written again, its buffer is free.
    this.slots.give(p.slot);
    this.window.acked(p.size);
    if (p.seq === this.timedSeq) this.timedSeq = -1;
    this.maybeReopen();
  }

  /** Wakes the paused local readers once both the message count and the byte window have room. */
  private maybeReopen(): void {
    if (!this.full || this.unacked.size > (this.opts.maxUnacked * 3) >> 2) return;
    if (!this.window.reopened(this.io.now())) return;
    this.full = false;
    this.io.windowOpen();
  }

  /** Transport up/down. Coming up resends every unacked message at once (spec §9.1 step 4). */
  setOnline(online: boolean): void {
    this.online = online;
    this.timedSeq = -1;
    if (online) this.resendAll();
  }

  pause(): void {
    if (this.pausedAt < 0) this.pausedAt = this.io.now();
  }

  /** start_publication: what was in flight may have died in the inactive channel; resend it all. */
  start(): void {
    this.pausedAt = -1;
    this.resendAll();
  }

  /**
   * Like the agent, traffic from the peer also ends a pause (a lost start_publication must not
   * stall us forever), but only traffic that cannot have been in flight when the pause was sent:
   * within about two RTOs of it, acks and data are still the old flight.
   */
  peerActive(): void {
    if (this.pausedAt < 0 || this.io.now() - this.pausedAt <= Math.max(2 * this.rtt.rto, PAUSE_FLIGHT_MS))
      return;
    this.pausedAt = -1;
    if (!this.online) return;
    const now = this.io.now();
    for (const p of this.unacked.values()) if (p.lastSent < 0) this.transmit(p, now);
  }

  /**
   * The scheduler tick (spec §7.4: every 100 ms): first sends, then every expired message that is
   * a hole (a later one was acked: the agent dropped it, e.g. not ready) plus the oldest as a
   * probe. The websocket is TCP, so a peer that acked nothing newer is slow, not lossy; resending
   * the whole window at it would only add load (after a reconnect everything is resent anyway).
   */
  tick(): void {
    this.maybeReopen(); // the rate cap refills with time alone
    if (!this.online || this.pausedAt >= 0) return;
    const now = this.io.now();
    let oldest = true;
    for (const p of this.unacked.values()) {
      const probe = oldest;
      oldest = false;
      if (p.lastSent < 0) {
        this.transmit(p, now);
      } else if (p.seq < this.highestAcked && p.attempts >= PRESUME_DELIVERED_AFTER) {
        this.counters.presumedDelivered++;
        this.forget(p);
      } else if ((probe || p.seq < this.highestAcked) && now - p.lastSent > this.backoff(p.attempts)) {
        if (probe && p.seq > this.highestAcked) this.window.timedOut(now); // nothing newer came back
        p.attempts++;
        if (p.seq === this.timedSeq) this.timedSeq = -1;
        this.counters.resent++;
        this.transmit(p, now);
      }
    }
  }

  private backoff(attempts: number): number {
    const base = Math.max(MIN_RESEND_MS, this.rtt.rto);
    return Math.min(base * 2 ** Math.min(attempts, MAX_BACKOFF_SHIFT), MAX_BACKOFF_MS);
  }

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
}
