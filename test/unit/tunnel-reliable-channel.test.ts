import { describe, expect, it } from "vitest";
import { decodeAcknowledgedSequence, encodeAcknowledge } from "../../native-host/src/tunnel/core/acknowledge";
import {
  type ClientMessage,
  decodeClientMessage,
  encodeClientMessage,
} from "../../native-host/src/tunnel/core/client-message";
import { ReliableChannel } from "../../native-host/src/tunnel/core/reliable-channel";

/** A reliable channel on a fake clock, recording what it writes and delivers. */
function harness(
  opts: { maxUnacked?: number; maxOutOfOrder?: number; accept?: (m: ClientMessage) => boolean } = {},
) {
  let now = 1_700_000_000_000;
  let ids = 0;
  const wire: ClientMessage[] = [];
  const delivered: number[] = [];
  const h = {
    online: true,
    windowOpens: 0,
    accept: opts.accept ?? (() => true),
    advance: (ms: number) => {
      now += ms;
    },
    wire,
    delivered,
    /** Sequence numbers of input_stream_data written since the last call. */
    takeSent(): number[] {
      const out = wire.filter((m) => m.messageType === "input_stream_data").map((m) => m.sequenceNumber);
      h.clear();
      return out;
    },
    takeAcks(): number[] {
      const out = wire
        .filter((m) => m.messageType === "acknowledge")
        .map((m) => decodeAcknowledgedSequence(m.payload));
      h.clear();
      return out;
    },
    clear: () => wire.splice(0),
    rc: undefined as unknown as ReliableChannel,
  };
  h.rc = new ReliableChannel(
    {
      now: () => now,
      newMessageId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, "0")}`,
      write: (frame) => {
        if (!h.online) return false;
        // A copy, as the websocket takes one: the channel reuses the frame's buffer (frame-slots.ts).
        wire.push(decodeClientMessage(Buffer.from(frame)));
        return true;
      },
      deliver: (m) => {
        if (!h.accept(m)) return false;
        delivered.push(m.sequenceNumber);
        return true;
      },
      windowOpen: () => {
        h.windowOpens++;
      },
    },
    {
      sendType: "input_stream_data",
      receiveType: "output_stream_data",
      maxUnacked: opts.maxUnacked ?? 100,
      maxOutOfOrder: opts.maxOutOfOrder ?? 10_000,
    },
  );
  h.rc.setOnline(true);
  return h;
}

const agentMsg = (seq: number, payloadType = 1): ClientMessage =>
  decodeClientMessage(
    encodeClientMessage({
      messageType: "output_stream_data",
      schemaVersion: 1,
      createdDate: 1_700_000_000_000,
      sequenceNumber: seq,
      flags: 0,
      messageId: `0a1b2c3d-4e5f-4071-8293-${String(seq).padStart(12, "0")}`,
      payloadType,
      payload: Buffer.from(`m${seq}`),
    }),
  );

const ackFor = (seq: number): ClientMessage =>
  decodeClientMessage(
    encodeAcknowledge(
      { ...agentMsg(0), messageType: "input_stream_data", sequenceNumber: seq },
      "fedcba98-7654-4321-8fed-cba987654321",
      1,
    ),
  );

describe("reliable channel: sending (spec §7.1, §7.4)", () => {
  it("numbers messages from 0 and keeps each until acked", () => {
    const h = harness();
    for (let i = 0; i < 3; i++) h.rc.send(1, Buffer.from("x"));
    expect(h.takeSent()).toEqual([0, 1, 2]);
    h.rc.receive(ackFor(1));
    expect(h.rc.unackedCount).toBe(2);
    expect(h.rc.isAcked(1)).toBe(true);
    expect(h.rc.isAcked(0)).toBe(false);
  });

  it("buffers before writing: an ack that races the write still counts", () => {
    const h = harness();
    const write = h.wire.push.bind(h.wire);
    h.wire.push = (...m: ClientMessage[]) => {
      const n = write(...m);
      if (m[0]?.messageType === "input_stream_data") h.rc.receive(ackFor(m[0].sequenceNumber));
      return n;
    };
    const seq = h.rc.send(1, Buffer.from("fast"));
    expect(h.rc.isAcked(seq)).toBe(true);
    expect(h.rc.unackedCount).toBe(0);
  });

  it("resends every expired hole, not only the oldest, with the same bytes and MessageId", () => {
    const h = harness();
    for (let i = 0; i < 5; i++) h.rc.send(1, Buffer.from(`p${i}`));
    const first = h.wire.map((m) => m.messageId);
    h.clear();
    h.rc.receive(ackFor(1));
    h.rc.receive(ackFor(3));
    h.advance(150);
    h.rc.tick();
    expect(h.takeSent()).toEqual([]); // 150 ms < the 200 ms floor
    h.advance(100);
    h.rc.tick();
    // 0 (oldest) and 2 (acked 3 proves it missing) go again; 4 may just be in flight.
    const resent = h.wire.filter((m) => m.messageType === "input_stream_data");
    expect(resent.map((m) => m.sequenceNumber)).toEqual([0, 2]);
    expect(resent.map((m) => m.messageId)).toEqual([first[0], first[2]]);
    expect(h.rc.counters.resent).toBe(2);
  });

  it("probes a silent peer with the oldest message only", () => {
    const h = harness();
    for (let i = 0; i < 50; i++) h.rc.send(1, Buffer.from("x"));
    h.clear();
    h.advance(1000);
    h.rc.tick();
    expect(h.takeSent()).toEqual([0]);
  });

  it("tracks the last-sent time per message and backs off (not every tick like the plugin)", () => {
    const h = harness();
    h.rc.send(1, Buffer.from("x"));
    h.clear();
    const resendTimes: number[] = [];
    for (let t = 100; t <= 6000; t += 100) {
      h.advance(100);
      h.rc.tick();
      if (h.takeSent().length) resendTimes.push(t);
    }
    // 200 ms, then ×2 up to the 4 s cap: far fewer than the 60 ticks.
    expect(resendTimes.slice(0, 3)).toEqual([300, 800, 1700]);
    expect(resendTimes.length).toBeLessThan(8);
  });

  it("learns the RTT from first transmissions only (Karn)", () => {
    const h = harness();
    h.rc.send(1, Buffer.from("a"));
    h.advance(40);
    h.rc.receive(ackFor(0));
    expect(h.rc.rtt.rtt).toBeCloseTo((100 * 7) / 8 + 40 / 8, 5);
    h.rc.send(1, Buffer.from("b"));
    h.advance(300);
    h.rc.tick(); // resent
    const before = h.rc.rtt.rtt;
    h.rc.receive(ackFor(1));
    expect(h.rc.rtt.rtt).toBe(before);
  });

  it("turns unwritable when the window is full and opens below three quarters", () => {
    const h = harness({ maxUnacked: 8 });
    for (let i = 0; i < 8; i++) h.rc.send(1, Buffer.from("x"));
    expect(h.rc.writable).toBe(false);
    h.rc.receive(ackFor(0));
    expect(h.rc.writable).toBe(false);
    h.rc.receive(ackFor(1));
    expect(h.rc.writable).toBe(true);
    expect(h.windowOpens).toBe(1);
  });

  it("holds messages while offline and sends all of them when the transport is back (spec §9.1)", () => {
    const h = harness();
    h.rc.send(1, Buffer.from("a"));
    h.online = false;
    h.rc.setOnline(false);
    h.rc.send(1, Buffer.from("b"));
    h.rc.tick();
    expect(h.takeSent()).toEqual([0]);
    h.online = true;
    h.rc.setOnline(true);
    expect(h.takeSent()).toEqual([0, 1]);
  });

  it("reports the oldest unacked age for the give-up rule", () => {
    const h = harness();
    expect(h.rc.oldestUnackedAge()).toBe(0);
    h.rc.send(1, Buffer.from("a"));
    h.advance(5000);
    expect(h.rc.oldestUnackedAge()).toBe(5000);
  });
});

describe("reliable channel: receiving (spec §7.3)", () => {
  it("delivers in order and acks each message once delivered", () => {
    const h = harness();
    h.rc.receive(agentMsg(0));
    h.rc.receive(agentMsg(1));
    expect(h.delivered).toEqual([0, 1]);
    expect(h.takeAcks()).toEqual([0, 1]);
  });

  it("acks and buffers out-of-order messages, then drains them in order", () => {
    const h = harness();
    h.rc.receive(agentMsg(2));
    h.rc.receive(agentMsg(1));
    expect(h.delivered).toEqual([]);
    expect(h.takeAcks()).toEqual([2, 1]);
    h.rc.receive(agentMsg(0));
    expect(h.delivered).toEqual([0, 1, 2]);
    expect(h.takeAcks()).toEqual([0]);
  });

  it("re-acks duplicates (the plugin drops them silently and can wedge, #139)", () => {
    const h = harness();
    h.rc.receive(agentMsg(0));
    h.clear();
    h.rc.receive(agentMsg(0));
    expect(h.takeAcks()).toEqual([0]);
    expect(h.delivered).toEqual([0]);
    expect(h.rc.counters.duplicates).toBe(1);
  });

  it("leaves a refused message unacked and delivers it when retried", () => {
    let ready = false;
    const h = harness({ accept: () => ready });
    h.rc.receive(agentMsg(0));
    h.rc.receive(agentMsg(1));
    expect(h.takeAcks()).toEqual([1]);
    expect(h.rc.counters.notReady).toBe(1);
    ready = true;
    h.rc.retryDelivery();
    expect(h.delivered).toEqual([0, 1]);
    expect(h.takeAcks()).toEqual([0]);
    expect(h.rc.expectedSequenceNumber).toBe(2);
  });

  it("acks handshake payloads before processing them (spec §6.3)", () => {
    const order: string[] = [];
    const h = harness({
      accept: (m) => {
        order.push(`deliver ${m.sequenceNumber} after ${h.wire.length} writes`);
        return true;
      },
    });
    h.rc.receive(agentMsg(0, 5));
    expect(order).toEqual(["deliver 0 after 1 writes"]);
  });

  it("drops beyond the out-of-order capacity without acking", () => {
    const h = harness({ maxOutOfOrder: 2 });
    for (const s of [5, 6, 7]) h.rc.receive(agentMsg(s));
    expect(h.takeAcks()).toEqual([5, 6]);
  });

  it("asks to stop reading only when the consumer is congested and the buffer half full", () => {
    let ready = false;
    const h = harness({ maxOutOfOrder: 4, accept: () => ready });
    h.rc.receive(agentMsg(0));
    h.rc.receive(agentMsg(1));
    expect(h.rc.backlogged).toBe(false);
    h.rc.receive(agentMsg(2));
    expect(h.rc.backlogged).toBe(true);
    ready = true;
    h.rc.retryDelivery();
    expect(h.rc.backlogged).toBe(false);
    expect(h.delivered).toEqual([0, 1, 2]);
  });
});

describe("reliable channel: a consumer that refuses buffered messages", () => {
  it("keeps the acked out-of-order message, asks for backpressure, and delivers it later", () => {
    let refuse = new Set<number>();
    const h = harness({ maxOutOfOrder: 4, accept: (m) => !refuse.has(m.sequenceNumber) });
    h.rc.receive(agentMsg(1));
    h.rc.receive(agentMsg(2));
    expect(h.takeAcks()).toEqual([1, 2]);
    refuse = new Set([1]);
    h.rc.receive(agentMsg(0));
    expect(h.delivered).toEqual([0]);
    expect(h.rc.backlogged).toBe(true);
    refuse = new Set();
    h.rc.retryDelivery();
    expect(h.delivered).toEqual([0, 1, 2]);
    expect(h.rc.backlogged).toBe(false);
    expect(h.takeAcks()).toEqual([0]); // 1 and 2 were acked when they arrived
  });
});

describe("reliable channel: pause/start_publication (spec §7.6)", () => {
  const publication = (type: string) =>
    decodeClientMessage(
      encodeClientMessage({
        ...agentMsg(0),
        messageType: type,
        sequenceNumber: 0,
        payloadType: 0,
        payload: Buffer.alloc(0),
      }),
    );

  it("holds new messages and resends while paused, but keeps acking", () => {
    const h = harness();
    h.rc.send(1, Buffer.from("before"));
    h.clear();
    h.rc.receive(publication("pause_publication"));
    h.rc.send(1, Buffer.from("during"));
    h.advance(500);
    h.rc.tick();
    expect(h.takeSent()).toEqual([]);
    // Data and acks of the old flight are acked/used but do not end the pause…
    h.rc.receive(agentMsg(0));
    h.rc.receive(ackFor(0));
    expect(h.takeAcks()).toEqual([0]);
    expect(h.rc.unackedCount).toBe(1);
    // …traffic well after it does, like the agent (a lost start_publication must not stall us).
    h.advance(1000);
    h.rc.receive(agentMsg(1));
    expect(h.takeSent()).toEqual([1]);
  });

  it("on start_publication sends held messages and resends what may have died in the pause", () => {
    const h = harness();
    h.rc.send(1, Buffer.from("in flight"));
    h.rc.receive(publication("pause_publication"));
    h.rc.send(1, Buffer.from("held"));
    expect(h.takeSent()).toEqual([0]);
    h.rc.receive(publication("start_publication"));
    expect(h.takeSent()).toEqual([0, 1]);
    expect(h.rc.counters.resent).toBe(1);
  });

  it("returns channel_closed and unknown types to the caller", () => {
    const h = harness();
    expect(h.rc.receive(publication("channel_closed"))?.messageType).toBe("channel_closed");
    expect(h.rc.receive(publication("agent_session_state"))?.messageType).toBe("agent_session_state");
  });
});
