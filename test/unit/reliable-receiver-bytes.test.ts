/**
 * Issue 17 finding 5: the out-of-order buffer is bounded in bytes, not only in messages. A hostile
 * or broken peer sending big frames ahead of a gap cannot make the client hold more than the bound;
 * what does not fit is dropped unacked, so a real agent resends it (spec §7.3).
 */
import { describe, expect, it } from "vitest";
import type { ClientMessage } from "../../native-host/src/tunnel/core/client-message";
import { PayloadType } from "../../native-host/src/tunnel/core/message-types";
import {
  MAX_OUT_OF_ORDER_BYTES,
  ReliableReceiver,
} from "../../native-host/src/tunnel/core/reliable-receiver";

/** The largest frame the transport lets in (ws-transport.ts): a 128 KiB payload. */
const BIG = 128 * 1024 - 120;

function world(maxBytes?: number) {
  const delivered: ClientMessage[] = [];
  let acks = 0;
  const counters = { acksSent: 0, duplicates: 0, outOfOrder: 0, notReady: 0 };
  const rx = new ReliableReceiver(
    {
      now: () => 1_700_000_000_000,
      newMessageId: () => "00000000-0000-4000-8000-000000000000",
      write: () => {
        acks++;
        return true;
      },
      deliver: (m) => {
        delivered.push(m);
        return true;
      },
    },
    10_000,
    counters,
    maxBytes,
  );
  return { rx, delivered, acks: () => acks };
}

/** A message whose payload is a view into a larger buffer, as a decoded frame's is. */
function msg(seq: number, size: number): ClientMessage {
  const frame = Buffer.alloc(size + 4096, seq & 0xff);
  return {
    messageType: "output_stream_data",
    schemaVersion: 1,
    createdDate: 1_700_000_000_000,
    sequenceNumber: seq,
    flags: 0,
    messageId: "11111111-2222-4333-8444-555555555555",
    payloadType: PayloadType.Output,
    payload: frame.subarray(4096),
  };
}

describe("out-of-order buffer bounded in bytes", () => {
  it("holds at most its byte bound of big frames ahead of a gap, acking only what it kept", () => {
    const w = world();
    for (let seq = 1; seq <= 1000; seq++) w.rx.receive(msg(seq, BIG));
    const kept = Math.floor(MAX_OUT_OF_ORDER_BYTES / (BIG + 256));
    expect(w.rx.bufferedBytes).toBeLessThanOrEqual(MAX_OUT_OF_ORDER_BYTES);
    expect(w.rx.bufferedBytes).toBe(kept * (BIG + 256));
    expect(w.acks()).toBe(kept); // 1000 offered, the rest dropped unacked
    expect(kept).toBeLessThan(1000);

    w.rx.receive(msg(0, 10));
    expect(w.delivered.map((m) => m.sequenceNumber)).toEqual(Array.from({ length: kept + 1 }, (_, i) => i));
    expect(w.rx.bufferedBytes).toBe(0);
    // What was held is a copy of the payload, not the whole frame it arrived in.
    expect(w.delivered[1]!.payload.buffer.byteLength).toBe(BIG);
  });

  it("still keeps the plugin's 10 000 one-KiB messages (§7.4) within the default bound", () => {
    const w = world();
    for (let seq = 1; seq <= 10_000; seq++) w.rx.receive(msg(seq, 1024));
    expect(w.acks()).toBe(10_000);
    expect(w.rx.bufferedBytes).toBe(10_000 * (1024 + 256));
  });

  it("takes a smaller bound from its owner", () => {
    const w = world(64 * 1024);
    for (let seq = 1; seq <= 100; seq++) w.rx.receive(msg(seq, 1024));
    expect(w.acks()).toBe(Math.floor((64 * 1024) / (1024 + 256)));
  });
});
