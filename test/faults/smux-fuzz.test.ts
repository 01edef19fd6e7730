/**
 * Properties of the smux v1 decoder and client session (spec §8.4): any bytes in any chunks give
 * frames or a coded SMUX_* error (never a crash or a hang); encoded frames come back unchanged
 * however the stream is cut (the data channel cuts it into 1 KiB messages).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TunnelError } from "../../native-host/src/errors";
import {
  encodeSmuxFrame,
  type SmuxFrame,
  SmuxFrameDecoder,
} from "../../native-host/src/tunnel/core/smux-frame";
import { SmuxClientSession } from "../../native-host/src/tunnel/core/smux-session";
import { chunked, FUZZ_SEED, fuzzRuns } from "./fuzz-settings";

const params = { seed: FUZZ_SEED, numRuns: fuzzRuns(500) };

const frameArb: fc.Arbitrary<SmuxFrame> = fc.oneof(
  fc.record({ cmd: fc.constantFrom(0, 1, 3), streamId: fc.nat(), data: fc.constant(Buffer.alloc(0)) }),
  fc.record({
    cmd: fc.constant(2),
    streamId: fc.nat(),
    data: fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
  }),
);

describe("smux decoder properties", () => {
  it("returns the encoded frames however the stream is cut", () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (frames, cuts) => {
          const bytes = Buffer.concat(frames.map((f) => encodeSmuxFrame(f.cmd, f.streamId, f.data)));
          const d = new SmuxFrameDecoder();
          const back = chunked(bytes, cuts).flatMap((c) => d.push(c));
          expect(back.map((f) => ({ ...f, data: Buffer.from(f.data) }))).toEqual(frames);
        },
      ),
      params,
    );
  });

  it("meets arbitrary bytes with frames or a coded error, and stays failed after one", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(), { maxLength: 10 }), (raw, cuts) => {
        const d = new SmuxFrameDecoder();
        let failed: string | null = null;
        for (const c of chunked(Buffer.from(raw), cuts)) {
          try {
            d.push(c);
            expect(failed).toBeNull();
          } catch (err) {
            expect(err).toBeInstanceOf(TunnelError);
            expect((err as TunnelError).code).toMatch(/^SMUX_BAD_(VERSION|COMMAND)$/);
            failed = (err as TunnelError).code;
          }
        }
      }),
      params,
    );
  });

  it("the client session routes only its own streams and never throws uncoded", () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 20 }), (frames) => {
        const seen: number[] = [];
        const s = new SmuxClientSession(
          { write: () => {}, onData: (id) => seen.push(id), onFin: (id) => seen.push(id) },
          null,
          0,
        );
        const mine = new Set([s.openStream(), s.openStream()]);
        s.receive(Buffer.concat(frames.map((f) => encodeSmuxFrame(f.cmd, f.streamId, f.data))));
        for (const id of seen) expect(mine.has(id)).toBe(true);
      }),
      params,
    );
  });
});
