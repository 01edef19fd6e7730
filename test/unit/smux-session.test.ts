import { describe, expect, it } from "vitest";
import {
  encodeSmuxFrame,
  SmuxCmd,
  type SmuxFrame,
  SmuxFrameDecoder,
} from "../../native-host/src/tunnel/core/smux-frame";
import { SmuxClientSession } from "../../native-host/src/tunnel/core/smux-session";

function harness(keepAlive: { intervalMs: number; timeoutMs: number } | null = null) {
  const out = new SmuxFrameDecoder();
  const sent: SmuxFrame[] = [];
  const events: string[] = [];
  const s = new SmuxClientSession(
    {
      write: (b) => sent.push(...out.push(b)),
      onData: (id, d) => events.push(`data ${id} ${d.toString()}`),
      onFin: (id) => events.push(`fin ${id}`),
    },
    keepAlive,
    0,
  );
  return { s, sent, events };
}

describe("smux client session (spec §8.4)", () => {
  it("opens streams 3, 5, 7 with SYN", () => {
    const h = harness();
    expect([h.s.openStream(), h.s.openStream(), h.s.openStream()]).toEqual([3, 5, 7]);
    expect(h.sent.map((f) => [f.cmd, f.streamId])).toEqual([
      [SmuxCmd.SYN, 3],
      [SmuxCmd.SYN, 5],
      [SmuxCmd.SYN, 7],
    ]);
  });

  it("splits writes into PSH frames of at most 32 768 bytes", () => {
    const h = harness();
    const id = h.s.openStream();
    h.s.write(id, Buffer.alloc(70_000, 1));
    expect(h.sent.slice(1).map((f) => f.data.length)).toEqual([32_768, 32_768, 4_464]);
  });

  it("routes PSH by stream id, discards unknown ids, reports FIN", () => {
    const h = harness();
    const id = h.s.openStream();
    h.s.receive(
      Buffer.concat([
        encodeSmuxFrame(SmuxCmd.PSH, id, Buffer.from("hi")),
        encodeSmuxFrame(SmuxCmd.PSH, 99, Buffer.from("no")),
      ]),
    );
    h.s.receive(encodeSmuxFrame(SmuxCmd.FIN, id));
    expect(h.events).toEqual([`data ${id} hi`, `fin ${id}`]);
  });

  it("FINs a stream once and forgets it", () => {
    const h = harness();
    const id = h.s.openStream();
    h.s.close(id);
    h.s.close(id);
    h.s.write(id, Buffer.from("late"));
    expect(h.sent.map((f) => f.cmd)).toEqual([SmuxCmd.SYN, SmuxCmd.FIN]);
    expect(h.s.streamCount).toBe(0);
  });

  it("with keepalive: NOP every interval; dead after a silent check window", () => {
    const h = harness({ intervalMs: 10_000, timeoutMs: 30_000 });
    for (let t = 1000; t <= 30_000; t += 1000) expect(h.s.tick(t)).toBe(t < 30_000);
    expect(h.sent.filter((f) => f.cmd === SmuxCmd.NOP)).toHaveLength(3);
  });

  it("with keepalive: any received frame keeps the session alive", () => {
    const h = harness({ intervalMs: 10_000, timeoutMs: 30_000 });
    for (let t = 1000; t <= 120_000; t += 1000) {
      if (t % 20_000 === 0) h.s.receive(encodeSmuxFrame(SmuxCmd.NOP, 0));
      expect(h.s.tick(t)).toBe(true);
    }
  });

  it("without keepalive: no NOPs and never a timeout", () => {
    const h = harness(null);
    for (let t = 0; t < 200_000; t += 5000) expect(h.s.tick(t)).toBe(true);
    expect(h.sent).toHaveLength(0);
  });
});
