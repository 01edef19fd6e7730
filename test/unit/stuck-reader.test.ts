/**
 * The stuck-reader rule (stuck-reader.ts) driven tick by tick: over the budget is not enough to
 * close a stream; over it with nothing taken for `limitTicks` ticks in a row is.
 */
import net from "node:net";
import { describe, expect, it } from "vitest";
import { StuckReaderWatch, sampleSocket } from "../../native-host/src/tunnel/session/stuck-reader";

const BUDGET = 4 * 1024 * 1024;
const LIMIT = 20;

describe("StuckReaderWatch", () => {
  it("keeps a reader that is far over the budget at once (a flushed out-of-order buffer) while it takes bytes", () => {
    const w = new StuckReaderWatch(BUDGET, LIMIT);
    let unread = 10 * 1024 * 1024;
    let flushed = 0;
    for (let t = 0; t < 10 * LIMIT; t++) {
      // Slow progress: one byte per tick is progress all the same.
      expect(w.tick([[1, { unread, flushed }]])).toEqual([]);
      flushed += 1;
      unread -= 1;
    }
  });

  it("keeps a reader that pauses for fewer than limitTicks ticks at a time", () => {
    const w = new StuckReaderWatch(BUDGET, LIMIT);
    let flushed = 0;
    for (let round = 0; round < 5; round++) {
      for (let t = 0; t < LIMIT; t++) expect(w.tick([[1, { unread: BUDGET + 1, flushed }]])).toEqual([]);
      flushed += 1000;
    }
  });

  it("never counts a stream at or under the budget, however long it takes nothing", () => {
    const w = new StuckReaderWatch(BUDGET, LIMIT);
    for (let t = 0; t < 10 * LIMIT; t++) expect(w.tick([[1, { unread: BUDGET, flushed: 0 }]])).toEqual([]);
  });

  it("closes a reader over the budget with no progress for limitTicks ticks, and only that one", () => {
    const w = new StuckReaderWatch(BUDGET, LIMIT);
    const closedAt: number[] = [];
    for (let t = 0; t <= 2 * LIMIT; t++) {
      const out = w.tick([
        [1, { unread: BUDGET + 1 + t, flushed: 7 }], // still being written to, never read
        [2, { unread: BUDGET + 1, flushed: t }], // reading
      ]);
      if (out.length) closedAt.push(t);
      expect(out).not.toContain(2);
    }
    // The first tick only records where the reader stood; LIMIT ticks without progress follow.
    expect(closedAt).toEqual([LIMIT]);
  });

  it("starts counting again once a stalled reader takes bytes", () => {
    const w = new StuckReaderWatch(BUDGET, LIMIT);
    for (let t = 0; t < LIMIT; t++) w.tick([[1, { unread: BUDGET + 1, flushed: 0 }]]);
    expect(w.tick([[1, { unread: BUDGET + 1, flushed: 1 }]])).toEqual([]);
    for (let t = 0; t < LIMIT - 1; t++) expect(w.tick([[1, { unread: BUDGET + 1, flushed: 1 }]])).toEqual([]);
    expect(w.tick([[1, { unread: BUDGET + 1, flushed: 1 }]])).toEqual([1]);
  });
});

describe("sampleSocket", () => {
  it("counts as taken only what left the stream's queue, not Node's bytesWritten (which includes the queue)", async () => {
    const accepted: net.Socket[] = [];
    const server = net.createServer((s) => {
      s.pause();
      accepted.push(s);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const client = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
    await new Promise((r) => client.once("connect", r));
    const block = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 32; i++) client.write(block);
    const before = sampleSocket(client);
    client.write(block);
    const after = sampleSocket(client);
    expect(client.bytesWritten).toBeGreaterThan(before.flushed + before.unread - 1);
    expect(after.unread).toBe(before.unread + block.length);
    expect(after.flushed).toBe(before.flushed);
    client.destroy();
    for (const s of accepted) s.destroy();
    await new Promise((r) => server.close(r));
  });
});
