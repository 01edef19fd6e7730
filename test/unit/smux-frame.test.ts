import { describe, expect, it } from "vitest";
import { TunnelError } from "../../native-host/src/errors";
import { encodeSmuxFrame, SmuxCmd, SmuxFrameDecoder } from "../../native-host/src/tunnel/core/smux-frame";

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");

describe("smux v1 frames (spec §8.4)", () => {
  it.each([
    ["SYN 3", SmuxCmd.SYN, 3, "", "01 00 0000 03000000"],
    ["FIN 3", SmuxCmd.FIN, 3, "", "01 01 0000 03000000"],
    ["SYN 5", SmuxCmd.SYN, 5, "", "01 00 0000 05000000"],
    ["NOP", SmuxCmd.NOP, 0, "", "01 03 0000 00000000"],
    [
      "PSH 3 (20 bytes)",
      SmuxCmd.PSH,
      3,
      "hello-through-tunnel",
      "01 02 1400 03000000 68656c6c6f2d7468726f7567682d74756e6e656c",
    ],
  ])("encodes and decodes %s as observed on loopback", (_n, cmd, id, data, bytes) => {
    expect(encodeSmuxFrame(cmd, id, Buffer.from(data))).toEqual(hex(bytes));
    expect(new SmuxFrameDecoder().push(hex(bytes))).toEqual([{ cmd, streamId: id, data: Buffer.from(data) }]);
  });

  it("reassembles frames split anywhere, and several per chunk", () => {
    const stream = Buffer.concat([
      encodeSmuxFrame(SmuxCmd.SYN, 3),
      encodeSmuxFrame(SmuxCmd.PSH, 3, Buffer.alloc(3000, 0x61)),
      encodeSmuxFrame(SmuxCmd.PSH, 5, Buffer.from("x")),
      encodeSmuxFrame(SmuxCmd.FIN, 3),
    ]);
    for (const step of [1, 7, 1024, stream.length]) {
      const d = new SmuxFrameDecoder();
      const frames = [];
      for (let i = 0; i < stream.length; i += step) frames.push(...d.push(stream.subarray(i, i + step)));
      expect(frames.map((f) => [f.cmd, f.streamId, f.data.length])).toEqual([
        [SmuxCmd.SYN, 3, 0],
        [SmuxCmd.PSH, 3, 3000],
        [SmuxCmd.PSH, 5, 1],
        [SmuxCmd.FIN, 3, 0],
      ]);
      expect(frames[1]!.data.every((b) => b === 0x61)).toBe(true);
    }
  });

  it("consumes data only for PSH (and 8 bytes for UPD), like smux's receive loop", () => {
    const synWithLength = hex("01 00 0500 03000000");
    const upd = hex("01 04 0800 03000000 0000000000000100");
    const frames = new SmuxFrameDecoder().push(
      Buffer.concat([synWithLength, upd, encodeSmuxFrame(SmuxCmd.NOP, 0)]),
    );
    expect(frames.map((f) => f.cmd)).toEqual([SmuxCmd.SYN, SmuxCmd.UPD, SmuxCmd.NOP]);
  });

  it("ends the session on another version or an unknown command, and stays failed", () => {
    const d = new SmuxFrameDecoder();
    expect(() => d.push(hex("02 00 0000 03000000"))).toThrow(
      expect.objectContaining({ code: "SMUX_BAD_VERSION" }),
    );
    expect(() => d.push(encodeSmuxFrame(SmuxCmd.NOP, 0))).toThrow(TunnelError);
    expect(() => new SmuxFrameDecoder().push(hex("01 09 0000 03000000"))).toThrow(
      expect.objectContaining({ code: "SMUX_BAD_COMMAND" }),
    );
  });

  it("refuses to encode a frame over 32 768 data bytes", () => {
    expect(() => encodeSmuxFrame(SmuxCmd.PSH, 3, Buffer.alloc(32_769))).toThrow(RangeError);
  });

  it("never throws anything but a coded error on random bytes", () => {
    for (let i = 0; i < 2000; i++) {
      const d = new SmuxFrameDecoder();
      const buf = Buffer.alloc(Math.floor(Math.random() * 100));
      for (let j = 0; j < buf.length; j++)
        buf[j] = j % 8 === 0 && i % 2 ? 1 : Math.floor(Math.random() * 256);
      try {
        d.push(buf);
      } catch (err) {
        expect((err as TunnelError).code).toMatch(/^SMUX_BAD_(VERSION|COMMAND)$/);
      }
    }
  });
});
