/**
 * Properties of the native-messaging framing (design §3): whatever bytes arrive, in whatever
 * chunks, the decoder never throws, reports bad frames with coded errors, and stays in step so
 * the frames after them are served.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DecodedFrame, encodeFrame, FrameDecoder } from "../../native-host/src/protocol/framing";
import { chunked, FUZZ_SEED, fuzzRuns } from "./fuzz-settings";

const CAP = 256;
const params = { seed: FUZZ_SEED, numRuns: fuzzRuns(400) };

/** One frame on the wire: a good JSON message, bad JSON or bad UTF-8, or over the cap. */
const wireFrame = fc.oneof(
  fc
    .jsonValue({ maxDepth: 3 })
    .filter((v) => Buffer.byteLength(JSON.stringify(v)) <= CAP)
    .map((v) => ({
      bytes: encodeFrame(v),
      expect: { kind: "message", value: JSON.parse(JSON.stringify(v)) } as
        | DecodedFrame
        | { kind: "error"; code: string },
    })),
  fc
    .uint8Array({ minLength: 1, maxLength: 40 })
    .filter((b) => {
      try {
        JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(b));
        return false;
      } catch {
        return true;
      }
    })
    .map((b) => {
      const bytes = Buffer.alloc(4 + b.length);
      bytes.writeUInt32LE(b.length, 0);
      Buffer.from(b).copy(bytes, 4);
      return { bytes, expect: { kind: "error", code: "FRAME_NOT_JSON" } };
    }),
  fc.integer({ min: CAP + 1, max: CAP * 4 }).map((n) => {
    const bytes = Buffer.alloc(4 + n, 0x7b);
    bytes.writeUInt32LE(n, 0);
    return { bytes, expect: { kind: "error", code: "FRAME_TOO_LARGE" } };
  }),
);

describe("framing under arbitrary input", () => {
  it("never throws on random bytes in random chunks", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (bytes, cuts) => {
          const d = new FrameDecoder(CAP);
          for (const c of chunked(Buffer.from(bytes), cuts)) {
            for (const f of d.push(c)) {
              if (f.kind === "error") expect(["FRAME_TOO_LARGE", "FRAME_NOT_JSON"]).toContain(f.code);
            }
          }
          expect(d.pendingBytes).toBeLessThanOrEqual(4 + CAP);
        },
      ),
      params,
    );
  });

  it("decodes any mix of good, bad and oversized frames in order, however the stream is cut", () => {
    fc.assert(
      fc.property(
        fc.array(wireFrame, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (frames, cuts) => {
          const d = new FrameDecoder(CAP);
          const out = chunked(Buffer.concat(frames.map((f) => f.bytes)), cuts).flatMap((c) => d.push(c));
          expect(out.map((f) => (f.kind === "message" ? f : { kind: f.kind, code: f.code }))).toEqual(
            frames.map((f) => f.expect),
          );
          expect(d.pendingBytes).toBe(0);
        },
      ),
      params,
    );
  });

  it("round-trips any JSON value through encodeFrame", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const [f] = new FrameDecoder().push(encodeFrame(v));
        expect(f).toEqual({ kind: "message", value: JSON.parse(JSON.stringify(v)) });
      }),
      params,
    );
  });
});
