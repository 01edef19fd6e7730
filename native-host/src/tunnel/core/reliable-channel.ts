/**
 * Reliable delivery over the data channel (spec §7), the client side: the sending half
 * (reliable-sender.ts) and the receiving half (reliable-receiver.ts) behind one receive() that
 * routes each decoded frame. A pure state machine: time, message ids, the wire and the local
 * consumer are passed in. pause_publication holds sending but never acks (§7.6).
 */
import { encodeAcknowledge } from "./acknowledge";
import type { ClientMessage } from "./client-message";
import { MessageType } from "./message-types";
import { ReliableReceiver } from "./reliable-receiver";
import { ReliableSender } from "./reliable-sender";
import type { UploadWindowOptions } from "./upload-window";

export interface ReliableChannelIo {
  /** Epoch milliseconds (CreatedDate and timers). */
  now(): number;
  /** A MessageId, or NEW_MESSAGE_ID for a random one written by the encoder. */
  newMessageId(): string;
  /**
   * Puts one frame on the wire; false when no transport is up (the frame is lost). The buffer is
   * reused after this returns (frame-slots.ts): a wire that keeps a frame keeps a copy.
   */
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
  /** The upload window (upload-window.ts); default UPLOAD_WINDOW_DEFAULTS. */
  uploadWindow?: UploadWindowOptions;
}

/** Messages whose ack we can repeat after a reconnect (their headers only), and how many per repeat. */
const RECENT = 8192;
const REACK_BURST = 1024;

export class ReliableChannel {
  readonly counters = {
    sent: 0,
    resent: 0,
    acksSent: 0,
    acksReceived: 0,
    duplicates: 0,
    outOfOrder: 0,
    notReady: 0,
    presumedDelivered: 0,
    reAcked: 0,
  };
  /**
   * What our acks of the latest messages were made of, by sequence number modulo RECENT (see
   * reAckAfter): their MessageIds and sequence numbers only, not a copy of each message (issue 16,
   * "Memory": 8192 header objects per busy tunnel, all promoted to the old generation).
   */
  private readonly recentIds: string[] = new Array(RECENT).fill("");
  private readonly recentSeqs = new Float64Array(RECENT).fill(-1);
  /** After a reconnect: acks up to this sequence number were sent again; -1 = nothing to repair. */
  private reAckedUpTo = -1;
  private reAckArmed = false;
  private readonly sender: ReliableSender;
  private readonly io: ReliableChannelIo;
  private readonly receiver: ReliableReceiver;

  constructor(
    io: ReliableChannelIo,
    private readonly opts: ReliableChannelOptions,
  ) {
    this.sender = new ReliableSender(io, opts, this.counters);
    this.receiver = new ReliableReceiver(io, opts.maxOutOfOrder, this.counters);
    this.io = io;
  }

  get rtt() {
    return this.sender.rtt;
  }

  /** Whether the local side may produce more (the unacked window is not full). */
  get writable(): boolean {
    return this.sender.writable;
  }

  get unackedCount(): number {
    return this.sender.unackedCount;
  }

  /** Payload bytes of ours not acknowledged yet: what the upload window bounds. */
  get unackedBytes(): number {
    return this.sender.unackedBytes;
  }

  get expectedSequenceNumber(): number {
    return this.receiver.expectedSequenceNumber;
  }

  /** The consumer is congested: stop reading the transport (see ReliableReceiver.backlogged). */
  get backlogged(): boolean {
    return this.receiver.backlogged;
  }

  send(payloadType: number, payload: Buffer): number {
    return this.sender.send(payloadType, payload);
  }

  /** Handles one decoded frame; returns it when it is not the channel's business (channel_closed, unknown). */
  receive(msg: ClientMessage): ClientMessage | null {
    switch (msg.messageType) {
      case this.opts.receiveType: {
        this.sender.peerActive();
        const seq = msg.sequenceNumber;
        const duplicate = seq < this.receiver.expectedSequenceNumber;
        if (!duplicate) {
          this.recentIds[seq % RECENT] = msg.messageId;
          this.recentSeqs[seq % RECENT] = seq;
        }
        this.receiver.receive(msg);
        if (duplicate && this.reAckArmed) this.reAckAfter(seq);
        return null;
      }
      case MessageType.Acknowledge:
        this.sender.peerActive();
        this.sender.receiveAck(msg.payload);
        return null;
      case MessageType.PausePublication:
        this.sender.pause();
        return null;
      case MessageType.StartPublication:
        this.sender.start();
        return null;
      default:
        return msg;
    }
  }

  /**
   * Transport up/down. After a reconnect the acks we sent just before the drop may be lost with
   * the socket, and the agent resends only its oldest unacked message, once per 100 ms tick
   * (spec §7.4, §15): every lost ack costs a tick before its real holes are reached. So the first
   * duplicate it resends arms reAckAfter. Our own unacked messages are all resent at once (sender).
   */
  setOnline(online: boolean): void {
    if (online) {
      this.reAckArmed = true;
      this.reAckedUpTo = -1;
    }
    this.sender.setOnline(online);
  }

  /**
   * The agent resent `seq`, which we had: our ack of it was lost, and so, most likely, were the
   * acks after it. Ack again the next REACK_BURST messages we hold below the expected number (an
   * ack only says "delivered", and these were; one the agent no longer holds is ignored, §7.2).
   */
  private reAckAfter(seq: number): void {
    const expected = this.receiver.expectedSequenceNumber;
    const from = Math.max(seq + 1, this.reAckedUpTo + 1);
    const to = Math.min(expected - 1, from + REACK_BURST - 1);
    for (let q = from; q <= to; q++) {
      if (this.recentSeqs[q % RECENT] !== q) continue;
      const acked = {
        messageType: this.opts.receiveType,
        messageId: this.recentIds[q % RECENT]!,
        sequenceNumber: q,
      };
      if (this.io.write(encodeAcknowledge(acked, this.io.newMessageId(), this.io.now())))
        this.counters.reAcked++;
    }
    this.reAckedUpTo = Math.max(this.reAckedUpTo, to);
    if (to >= expected - 1) this.reAckArmed = false;
  }

  /** The scheduler tick (spec §7.4: every 100 ms). */
  tick(): void {
    this.receiver.retryDelivery();
    this.sender.tick();
  }

  isAcked(seq: number): boolean {
    return this.sender.isAcked(seq);
  }

  oldestUnackedAge(): number {
    return this.sender.oldestUnackedAge();
  }

  retryDelivery(): void {
    this.receiver.retryDelivery();
  }
}
