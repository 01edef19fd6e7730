/**
 * After a reconnect, the first duplicate the agent resends makes the client ack again the messages
 * after it (reliable-channel.ts reAckAfter; spec §7.4, §15): each re-ack must name the message it
 * acknowledges exactly as the first ack did (type, MessageId, sequence number), from the compact
 * record the channel keeps instead of the messages themselves (issue 16, "Memory").
 */
import { describe, expect, it } from "vitest";
import {
  type ClientMessage,
  decodeClientMessage,
  encodeClientMessage,
} from "../../native-host/src/tunnel/core/client-message";
import { ReliableChannel } from "../../native-host/src/tunnel/core/reliable-channel";

const idOf = (seq: number) => `0a1b2c3d-4e5f-4071-8293-${String(seq).padStart(12, "0")}`;
const agentMsg = (seq: number): ClientMessage =>
  decodeClientMessage(
    encodeClientMessage({
      messageType: "output_stream_data",
      schemaVersion: 1,
      createdDate: 1_700_000_000_000,
      sequenceNumber: seq,
      flags: 0,
      messageId: idOf(seq),
      payloadType: 1,
      payload: Buffer.from(`m${seq}`),
    }),
  );

function channel() {
  const acks: Array<Record<string, unknown>> = [];
  const rc = new ReliableChannel(
    {
      now: () => 1_700_000_000_000,
      newMessageId: () => "00000000-0000-4000-8000-000000000001",
      write: (frame) => {
        const m = decodeClientMessage(Buffer.from(frame));
        if (m.messageType === "acknowledge") acks.push(JSON.parse(m.payload.toString("utf8")));
        return true;
      },
      deliver: () => true,
      windowOpen: () => {},
    },
    { sendType: "input_stream_data", receiveType: "output_stream_data", maxUnacked: 100, maxOutOfOrder: 100 },
  );
  rc.setOnline(true);
  return { rc, acks };
}

const ackOf = (seq: number) => ({
  AcknowledgedMessageType: "output_stream_data",
  AcknowledgedMessageId: idOf(seq),
  AcknowledgedMessageSequenceNumber: seq,
  IsSequentialMessage: true,
});

describe("reliable channel: acks repeated after a reconnect", () => {
  it("acks every later message again, each with its own MessageId, once per reconnect", () => {
    const { rc, acks } = channel();
    for (let seq = 0; seq < 10; seq++) rc.receive(agentMsg(seq));
    expect(acks).toEqual([...Array(10).keys()].map(ackOf));
    acks.length = 0;
    rc.setOnline(false);
    rc.setOnline(true);
    rc.receive(agentMsg(3)); // the agent's resend of its oldest unacked message
    expect(acks).toEqual([3, 4, 5, 6, 7, 8, 9].map(ackOf));
    expect(rc.counters.reAcked).toBe(6);
    acks.length = 0;
    rc.receive(agentMsg(4)); // the repair is done: a later duplicate gets its own ack only
    expect(acks).toEqual([ackOf(4)]);
  });

  it("repeats only what it still remembers (the latest 8192 messages)", () => {
    const { rc, acks } = channel();
    for (let seq = 0; seq < 8200; seq++) rc.receive(agentMsg(seq));
    acks.length = 0;
    rc.setOnline(false);
    rc.setOnline(true);
    rc.receive(agentMsg(5));
    // 6 and 7 were overwritten by 8198 and 8199; the burst is 1024 acks at most.
    expect(acks[0]).toEqual(ackOf(5));
    expect(acks[1]).toEqual(ackOf(8));
    expect(acks.length).toBe(1 + 1024 - 2);
  });
});
