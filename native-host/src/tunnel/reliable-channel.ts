/**
 * Reliable delivery over the data channel (spec §7), the client side: the sending half
 * (reliable-sender.ts) and the receiving half (reliable-receiver.ts) behind one receive() that
 * routes each decoded frame. A pure state machine: time, message ids, the wire and the local
 * consumer are passed in. pause_publication holds sending but never acks (§7.6).
 */
import type { ClientMessage } from "./client-message";
import { MessageType } from "./message-types";
import { ReliableReceiver } from "./reliable-receiver";
import { ReliableSender } from "./reliable-sender";

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

export class ReliableChannel {
  readonly counters = {
    sent: 0,
    resent: 0,
    acksSent: 0,
    acksReceived: 0,
    duplicates: 0,
    outOfOrder: 0,
    notReady: 0,
  };
  private readonly sender: ReliableSender;
  private readonly receiver: ReliableReceiver;

  constructor(
    io: ReliableChannelIo,
    private readonly opts: ReliableChannelOptions,
  ) {
    this.sender = new ReliableSender(io, opts, this.counters);
    this.receiver = new ReliableReceiver(io, opts.maxOutOfOrder, this.counters);
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
      case this.opts.receiveType:
        this.sender.peerActive();
        this.receiver.receive(msg);
        return null;
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

  setOnline(online: boolean): void {
    this.sender.setOnline(online);
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
