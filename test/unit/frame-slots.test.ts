import { describe, expect, it } from "vitest";
import { encodeAcknowledge } from "../../native-host/src/tunnel/core/acknowledge";
import {
  type ClientMessage,
  decodeClientMessage,
  encodeClientMessage,
  frameLength,
} from "../../native-host/src/tunnel/core/client-message";
import { FrameSlots } from "../../native-host/src/tunnel/core/frame-slots";
import { ReliableChannel } from "../../native-host/src/tunnel/core/reliable-channel";

describe("frame slots (issue 16, Memory)", () => {
  it("hands out exact-length views and reuses a slot that was given back", () => {
    const slots = new FrameSlots(100, 2);
    const a = slots.take(40);
    expect(a.frame.length).toBe(40);
    expect(a.frame.buffer).toBe(a.slot!.buffer);
    slots.give(a.slot);
    const b = slots.take(100);
    expect(b.slot).toBe(a.slot);
    expect(b.frame.length).toBe(100);
  });

  it("gives a frame bigger than a slot its own buffer, which is never pooled", () => {
    const slots = new FrameSlots(100, 2);
    const big = slots.take(101);
    expect(big.slot).toBeNull();
    expect(big.frame.length).toBe(101);
    slots.give(big.slot);
    expect(slots.freeCount).toBe(0);
  });

  it("keeps at most `keep` free slots (what an idle tunnel holds)", () => {
    const slots = new FrameSlots(10, 2);
    const taken = [slots.take(10), slots.take(10), slots.take(10)];
    for (const t of taken) slots.give(t.slot);
    expect(slots.freeCount).toBe(2);
  });

  it("encodes into a given buffer of exactly the frame's length, and refuses any other", () => {
    const msg: ClientMessage = {
      messageType: "input_stream_data",
      schemaVersion: 1,
      createdDate: 1_700_000_000_000,
      sequenceNumber: 7,
      flags: 0,
      messageId: "0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9",
      payloadType: 1,
      payload: Buffer.from("payload"),
    };
    // A dirty buffer: every byte must be written.
    const into = Buffer.alloc(frameLength(7), 0xee);
    expect(encodeClientMessage(msg, into)).toBe(into);
    expect(into.equals(encodeClientMessage(msg))).toBe(true);
    expect(() => encodeClientMessage(msg, Buffer.alloc(frameLength(7) + 1))).toThrow(RangeError);
  });
});

describe("reliable sender: frame buffers reused after their ack", () => {
  function channel() {
    const writes: { frame: Buffer; copy: Buffer }[] = [];
    const rc = new ReliableChannel(
      {
        now: () => 1_700_000_000_000,
        newMessageId: () => "00000000-0000-4000-8000-000000000001",
        write: (frame) => {
          writes.push({ frame, copy: Buffer.from(frame) });
          return true;
        },
        deliver: () => true,
        windowOpen: () => {},
      },
      {
        sendType: "input_stream_data",
        receiveType: "output_stream_data",
        maxUnacked: 100,
        maxOutOfOrder: 100,
      },
    );
    rc.setOnline(true);
    return { rc, writes };
  }
  const ackOf = (seq: number) =>
    decodeClientMessage(
      encodeAcknowledge(
        {
          messageType: "input_stream_data",
          sequenceNumber: seq,
          messageId: "0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9",
        },
        "fedcba98-7654-4321-8fed-cba987654321",
        1,
      ),
    );

  it("encodes the next message into the buffer of an acknowledged one", () => {
    const { rc, writes } = channel();
    rc.send(1, Buffer.alloc(1024, 1));
    rc.send(1, Buffer.alloc(1024, 2));
    rc.receive(ackOf(0));
    rc.send(1, Buffer.alloc(1024, 3));
    expect(writes[2]!.frame.buffer).toBe(writes[0]!.frame.buffer);
    expect(writes[2]!.frame.buffer).not.toBe(writes[1]!.frame.buffer);
    expect(decodeClientMessage(writes[2]!.frame).sequenceNumber).toBe(2);
  });

  it("never touches the buffer of a message still unacknowledged", () => {
    const { rc, writes } = channel();
    rc.send(1, Buffer.alloc(1024, 0xaa));
    // Hundreds of messages sent and acked after it: their buffers go round, the first one stays.
    for (let i = 1; i <= 500; i++) {
      rc.send(1, Buffer.alloc(1024, i & 0xff));
      rc.receive(ackOf(i));
    }
    expect(rc.unackedCount).toBe(1);
    expect(writes[0]!.frame.equals(writes[0]!.copy)).toBe(true);
    // After a reconnect it goes out again with the same bytes (spec §9.1 step 4).
    rc.setOnline(false);
    rc.setOnline(true);
    const again = writes.at(-1)!;
    expect(again.copy.equals(writes[0]!.copy)).toBe(true);
    expect(decodeClientMessage(again.frame).sequenceNumber).toBe(0);
  });
});
