import { describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder } from "../../native-host/src/protocol/framing";

const frame = (v: unknown) => encodeFrame(v);

describe("native-messaging framing", () => {
  it("round-trips a message", () => {
    expect(new FrameDecoder().push(frame({ id: 1, type: "hello" }))).toEqual([
      { kind: "message", value: { id: 1, type: "hello" } },
    ]);
  });

  it("reassembles a frame split byte by byte", () => {
    const d = new FrameDecoder();
    const bytes = frame({ text: "héllo wörld" });
    const out = [...bytes].flatMap((b) => d.push(Buffer.from([b])));
    expect(out).toEqual([{ kind: "message", value: { text: "héllo wörld" } }]);
    expect(d.pendingBytes).toBe(0);
  });

  it("splits several frames from one read", () => {
    const out = new FrameDecoder().push(Buffer.concat([frame(1), frame("two"), frame([3])]));
    expect(out.map((f) => (f.kind === "message" ? f.value : f.code))).toEqual([1, "two", [3]]);
  });

  it("reports an oversized frame once, skips its bytes, and serves the next frame", () => {
    const d = new FrameDecoder(16);
    const big = Buffer.alloc(4 + 100, 0x61);
    big.writeUInt32LE(100, 0);
    const out = [...d.push(big.subarray(0, 30)), ...d.push(Buffer.concat([big.subarray(30), frame("ok")]))];
    expect(out).toEqual([
      { kind: "error", code: "FRAME_TOO_LARGE", message: expect.stringContaining("100 bytes") },
      { kind: "message", value: "ok" },
    ]);
  });

  it("answers garbage with FRAME_NOT_JSON and keeps going", () => {
    const bad = Buffer.from([3, 0, 0, 0, 0x7b, 0xff, 0x7d]);
    const out = new FrameDecoder().push(Buffer.concat([bad, frame(true)]));
    expect(out.map((f) => (f.kind === "message" ? f.value : f.code))).toEqual(["FRAME_NOT_JSON", true]);
  });

  it("refuses to encode a reply over the browser's 1 MB cap", () => {
    expect(() => encodeFrame("x".repeat(1024 * 1024 + 1))).toThrow(RangeError);
  });

  it("never throws on random bytes", () => {
    const d = new FrameDecoder(1024);
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(Math.random() * 64);
      const buf = Buffer.alloc(len);
      for (let j = 0; j < len; j++) buf[j] = Math.floor(Math.random() * 256);
      expect(() => d.push(buf)).not.toThrow();
    }
  });
});
