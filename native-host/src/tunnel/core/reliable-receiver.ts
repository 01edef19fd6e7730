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

/**
 * Bytes the out-of-order buffer may hold (issue 17, finding 5: capped in messages only, a peer
 * sending big frames out of order grew the process by ~3 GB). The plugin's 10 000 messages of
 * 1 KiB (§7.4) fit with room to spare; what does not fit is dropped unacked and resent (§7.3).
 */
export const MAX_OUT_OF_ORDER_BYTES = 16 * 1024 * 1024;
/** What one buffered message costs beyond its payload: the object, its id string, the Buffer. */
const ENTRY_OVERHEAD = 256;

export class ReliableReceiver {
  private expected = 0;
  private readonly outOfOrder = new Map<number, ClientMessage>();
  private outOfOrderBytes = 0;
  /** The in-order message the consumer refused, not acked yet (a buffered one was acked on arrival). */
  private held: ClientMessage | null = null;

  constructor(
    private readonly io: ReceiverIo,
    private readonly maxOutOfOrder: number,
    private readonly counters: ReceiverCounters,
    private readonly maxOutOfOrderBytes = MAX_OUT_OF_ORDER_BYTES,
  ) {}

  /** Bytes held in the out-of-order buffer (payloads plus a fixed cost per message). */
  get bufferedBytes(): number {
    return this.outOfOrderBytes;
  }

  get expectedSequenceNumber(): number {
    return this.expected;
  }

  /**
   * The consumer is congested and half the out-of-order room is used: the owner should stop
   * reading the transport (TCP backpressure) rather than drop messages the agent would only
   * resend one per tick (spec §7.4: it retransmits only its oldest).
   */
  get backlogged(): boolean {
    const half =
      this.outOfOrder.size >= this.maxOutOfOrder >> 1 || this.outOfOrderBytes >= this.maxOutOfOrderBytes / 2;
    return half && this.blocked();
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
        const cost = msg.payload.length + ENTRY_OVERHEAD;
        if (this.outOfOrder.size >= this.maxOutOfOrder) return;
        if (this.outOfOrderBytes + cost > this.maxOutOfOrderBytes) return;
        // A decoded payload is a view into its frame (and ws may hand a view into a larger read):
        // a copy makes the bytes counted the bytes held.
        this.outOfOrder.set(seq, { ...msg, payload: Buffer.from(msg.payload) });
        this.outOfOrderBytes += cost;
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
    for (let next = this.outOfOrder.get(this.expected); next; next = this.outOfOrder.get(this.expected)) {
      if (!this.io.deliver(next)) return;
      this.outOfOrder.delete(this.expected);
      this.outOfOrderBytes -= next.payload.length + ENTRY_OVERHEAD;
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
