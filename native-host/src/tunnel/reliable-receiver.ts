/**
 * The receiving half of reliable delivery (spec §7.3), client side: in-order delivery, an
 * out-of-order buffer, and one acknowledge per sequenced message. Unlike the plugin, duplicates
 * are re-acked (its silent drop can wedge a stream, #139) and a message the consumer refuses is
 * kept and offered again instead of waiting for the agent's resend. Pure: I/O is passed in.
 */
import { encodeAcknowledge } from "./acknowledge";
import type { ClientMessage } from "./client-message";
import { isHandshakePayload } from "./message-types";

export interface ReceiverIo {
  now(): number;
  newMessageId(): string;
  write(frame: Buffer): boolean;
  /** An in-order sequenced message; false = not ready: it stays unacked (spec §7.3). */
  deliver(msg: ClientMessage): boolean;
}

export interface ReceiverCounters {
  acksSent: number;
  duplicates: number;
  outOfOrder: number;
  notReady: number;
}

export class ReliableReceiver {
  private expected = 0;
  private readonly outOfOrder = new Map<number, ClientMessage>();
  /** The in-order message the consumer refused, not acked yet (a buffered one was acked on arrival). */
  private held: ClientMessage | null = null;

  constructor(
    private readonly io: ReceiverIo,
    private readonly maxOutOfOrder: number,
    private readonly counters: ReceiverCounters,
  ) {}

  get expectedSequenceNumber(): number {
    return this.expected;
  }

  /**
   * The consumer is congested and half the out-of-order room is used: the owner should stop
   * reading the transport (TCP backpressure) rather than drop messages the agent would only
   * resend one per tick (spec §7.4: it retransmits only its oldest).
   */
  get backlogged(): boolean {
    return this.outOfOrder.size >= this.maxOutOfOrder >> 1 && this.blocked();
  }

  /** The consumer refused the next message: it is held, or buffered (and acked) and not delivered. */
  private blocked(): boolean {
    return this.held !== null || this.outOfOrder.has(this.expected);
  }

  /** Spec §7.3 with the agent's re-ack of duplicates. */
  receive(msg: ClientMessage): void {
    const seq = msg.sequenceNumber;
    if (seq < this.expected) {
      this.counters.duplicates++;
      this.ack(msg);
    } else if (seq > this.expected) {
      if (!this.outOfOrder.has(seq)) {
        if (this.outOfOrder.size >= this.maxOutOfOrder) return;
        this.outOfOrder.set(seq, msg);
        this.counters.outOfOrder++;
      }
      this.ack(msg);
    } else if (this.outOfOrder.has(seq)) {
      this.retryDelivery(); // a copy is buffered (and acked) already
    } else {
      this.receiveExpected(msg);
    }
  }

  /** Delivers in-order messages the consumer refused earlier (it has room again). */
  retryDelivery(): void {
    const held = this.held;
    if (held) {
      if (!this.io.deliver(held)) return;
      this.held = null;
      this.ack(held);
      this.expected++;
    }
    while (this.outOfOrder.has(this.expected)) {
      if (!this.io.deliver(this.outOfOrder.get(this.expected)!)) return;
      this.outOfOrder.delete(this.expected);
      this.expected++;
    }
  }

  private receiveExpected(msg: ClientMessage): void {
    // Handshake payloads are acked first, then processed (spec §6.3 step 1); data only once the
    // consumer took it (§7.5).
    const handshake = isHandshakePayload(msg.payloadType);
    if (handshake) this.ack(msg);
    if (!this.io.deliver(msg) && !handshake) {
      this.counters.notReady++;
      this.held = msg;
      return;
    }
    if (!handshake) this.ack(msg);
    this.held = null;
    this.expected++;
    this.retryDelivery();
  }

  private ack(msg: ClientMessage): void {
    if (this.io.write(encodeAcknowledge(msg, this.io.newMessageId(), this.io.now())))
      this.counters.acksSent++;
  }
}
