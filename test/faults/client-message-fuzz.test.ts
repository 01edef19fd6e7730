/**
 * Properties of the ClientMessage decoder (spec §4) and the reliable channel (§7) under arbitrary
 * input: no crash, no hang, only coded errors; valid messages round-trip; whatever sequence of
 * frames arrives, delivery stays in order without gaps or repeats.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TunnelError } from "../../native-host/src/errors";
import {
  type ClientMessage,
  decodeClientMessage,
  encodeClientMessage,
} from "../../native-host/src/tunnel/core/client-message";
import { ReliableChannel } from "../../native-host/src/tunnel/core/reliable-channel";
import { FUZZ_SEED, fuzzRuns } from "./fuzz-settings";

const params = { seed: FUZZ_SEED, numRuns: fuzzRuns(500) };

function outcome(bytes: Uint8Array): "ok" | string {
  try {
    decodeClientMessage(bytes);
    return "ok";
  } catch (err) {
    if (!(err instanceof TunnelError)) throw err;
    return err.code;
  }
}

const messageArb: fc.Arbitrary<ClientMessage> = fc.record({
  messageType: fc.stringMatching(/^[a-z_]{1,32}$/),
  schemaVersion: fc.integer({ min: 0, max: 0xffffffff }),
  createdDate: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  sequenceNumber: fc.integer({ min: -(2 ** 52), max: Number.MAX_SAFE_INTEGER }),
  flags: fc.integer({ min: 0, max: 0xffffffff }),
  messageId: fc.uuid().map((u) => u.toLowerCase()),
  payloadType: fc.integer({ min: 0, max: 0xffffffff }),
  payload: fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
});

describe("ClientMessage decoder properties", () => {
  it("turns any bytes into a message or a coded CLIENT_MESSAGE_* error", () => {
    const frame = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      // Mostly-valid headers reach the deeper checks.
      fc.uint8Array({ minLength: 120, maxLength: 400 }).map((b) => {
        const buf = Buffer.from(b);
        buf.writeUInt32BE(116, 0);
        buf.writeUInt32BE(buf.length - 120, 116);
        return buf;
      }),
    );
    fc.assert(
      fc.property(frame, (bytes) => {
        const r = outcome(bytes);
        expect(r === "ok" || /^CLIENT_MESSAGE_[A-Z_]+$/.test(r)).toBe(true);
      }),
      params,
    );
  });

  it("round-trips every valid message", () => {
    fc.assert(
      fc.property(messageArb, (m) => {
        const back = decodeClientMessage(encodeClientMessage(m));
        expect(back).toEqual(m);
      }),
      params,
    );
  });

  it("answers any single corrupted byte with a message or a coded error, never a crash", () => {
    fc.assert(
      fc.property(messageArb, fc.nat(), fc.integer({ min: 0, max: 255 }), (m, at, byte) => {
        const frame = encodeClientMessage(m);
        frame[at % frame.length] = byte;
        const r = outcome(frame);
        expect(r === "ok" || r.startsWith("CLIENT_MESSAGE_")).toBe(true);
      }),
      params,
    );
  });
});

describe("reliable channel properties", () => {
  it("delivers 0, 1, 2, … exactly once whatever order, duplicates and garbage arrive in", () => {
    const event = fc.oneof(
      fc.record({ kind: fc.constant("msg" as const), seq: fc.integer({ min: -3, max: 40 }) }),
      fc.record({ kind: fc.constant("ack" as const), seq: fc.integer({ min: -3, max: 40 }) }),
      fc.record({ kind: fc.constant("refuse" as const), on: fc.boolean() }),
      fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: 0, max: 2000 }) }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 200 }), (events) => {
        let now = 1;
        let ready = true;
        const delivered: number[] = [];
        const rc = new ReliableChannel(
          {
            now: () => now,
            newMessageId: () => "11223344-5566-7788-99aa-bbccddeeff00",
            write: () => true,
            deliver: (m) => {
              if (ready) delivered.push(m.sequenceNumber);
              return ready;
            },
            windowOpen: () => {},
          },
          {
            sendType: "input_stream_data",
            receiveType: "output_stream_data",
            maxUnacked: 8,
            maxOutOfOrder: 16,
          },
        );
        rc.setOnline(true);
        for (let i = 0; i < 10; i++) rc.send(1, Buffer.from([i]));
        for (const e of events) {
          if (e.kind === "refuse") ready = !e.on;
          else if (e.kind === "tick") {
            now += e.ms;
            rc.tick();
          } else {
            const type = e.kind === "msg" ? "output_stream_data" : "acknowledge";
            const payload =
              e.kind === "msg"
                ? Buffer.from([e.seq & 0xff])
                : Buffer.from(`{"AcknowledgedMessageSequenceNumber":${e.seq}}`);
            const m: ClientMessage = {
              messageType: type,
              schemaVersion: 1,
              createdDate: 1,
              sequenceNumber: e.kind === "msg" ? e.seq : 0,
              flags: 0,
              messageId: "11223344-5566-7788-99aa-bbccddeeff00",
              payloadType: 1,
              payload,
            };
            expect(rc.receive(m)).toBeNull();
          }
        }
        expect(delivered).toEqual(delivered.map((_, i) => i));
        expect(rc.unackedCount).toBeLessThanOrEqual(10);
      }),
      params,
    );
  });
});
