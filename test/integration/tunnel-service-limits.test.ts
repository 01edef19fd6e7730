/**
 * Issue 17 finding 5: the tunnel service's socket bounds what a local process can make it hold.
 * The service runs in-process on a real unix socket with small limits; its line timer is fired by
 * an explicit call, and the never-reading client is dropped by a byte count, not by time.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../native-host/src/config/log";
import { prepareRuntimeDir, serviceEndpoint } from "../../native-host/src/tunnel/service/ipc/endpoint";
import type { ServiceTimers } from "../../native-host/src/tunnel/service/server/service-connections";
import {
  type RunningService,
  startTunnelService,
} from "../../native-host/src/tunnel/service/server/service-server";
import { until } from "../support/until";

const LIMITS = {
  maxConnections: 16,
  maxLineBytes: 4096,
  lineTimeoutMs: 1000,
  maxPendingWriteBytes: 64 * 1024,
};
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Timers that only fire when the test says so. */
function manualTimers(): ServiceTimers & { fire(): number } {
  const pending = new Set<() => void>();
  return {
    set(fn) {
      pending.add(fn);
      return fn;
    },
    clear: (h) => pending.delete(h as () => void),
    fire() {
      const due = [...pending];
      pending.clear();
      for (const fn of due) fn();
      return due.length;
    },
  };
}

async function service(timers: ServiceTimers): Promise<{ svc: RunningService; address: string }> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "bl-limits-"));
  const endpoint = serviceEndpoint({
    BASTIONLESS_RUNTIME_DIR: path.join(base, "run"),
    BASTIONLESS_LOG_DIR: base,
  });
  prepareRuntimeDir(endpoint.dir);
  const svc = await startTunnelService({
    endpoint,
    log: silentLogger,
    version: "test",
    idleMs: 3_600_000,
    limits: LIMITS,
    timers,
    deps: () => ({}) as never,
  });
  cleanups.push(() => fs.rmSync(base, { recursive: true, force: true }));
  cleanups.push(() => svc.shutdown("test over"));
  return { svc, address: endpoint.address };
}

interface Client {
  socket: net.Socket;
  closed: boolean;
  received: string;
}

function client(address: string, first?: string): Promise<Client> {
  return new Promise((resolve) => {
    const c: Client = { socket: net.connect(address), closed: false, received: "" };
    c.socket.on("data", (d) => (c.received += d.toString()));
    c.socket.on("error", () => {});
    c.socket.on("close", () => (c.closed = true));
    c.socket.once("connect", () => {
      if (first) c.socket.write(first);
      resolve(c);
    });
  });
}

describe("tunnel service connection bounds", () => {
  it("refuses connections over the cap and drops half-sent lines when the line timer fires", async () => {
    const timers = manualTimers();
    const { svc, address } = await service(timers);
    const good = await client(address, '{"id":1,"op":"subscribe","params":{}}\n');
    await until("the subscribe reply", () => good.received.includes('"id":1'));

    const half = await Promise.all(Array.from({ length: 300 }, () => client(address, '{"id":1,"op":"hel')));
    await until("every connection accepted or refused", () => {
      const c = svc.connectionCounts();
      return c.open + c.refused === 301;
    });
    expect(svc.connectionCounts()).toMatchObject({ open: 16, refused: 285 });
    await until("the refused ones closed", () => half.filter((c) => c.closed).length === 285);

    expect(timers.fire()).toBe(15); // the subscriber finished its line: no timer runs for it
    await until("the idle ones closed", () => half.every((c) => c.closed));
    expect(svc.connectionCounts()).toMatchObject({ open: 1, idle: 15 });
    expect(good.closed).toBe(false);

    const after = await client(address, '{"id":7,"op":"hello","params":{}}\n');
    await until("a reply once there is room", () => after.received.includes('"id":7'));
  });

  it("ends a connection whose line is over the byte cap, saying why", async () => {
    const { svc, address } = await service(manualTimers());
    const long = await client(address, `{"id":1,"op":"hello","x":"${"a".repeat(LIMITS.maxLineBytes)}`);
    await until("both ends to close", () => long.closed && svc.connectionCounts().open === 0);
    expect(long.received).toContain("LINE_TOO_LONG");
    expect(svc.connectionCounts()).toMatchObject({ open: 0, tooLong: 1 });
  });

  it("drops a client that asks and never reads once its unread replies pass the byte budget", async () => {
    const { svc, address } = await service(manualTimers());
    const c = await client(address);
    c.socket.pause(); // never reads
    const batch = Buffer.from('{"id":1,"op":"hello","params":{}}\n'.repeat(500));
    let sent = 0;
    while (!c.closed && sent < 256 * 1024 * 1024) {
      sent += batch.length;
      if (!c.socket.write(batch))
        await new Promise((r) => {
          c.socket.once("drain", r);
          c.socket.once("close", r);
        });
      else await new Promise((r) => setImmediate(r));
    }
    await until("both ends to close", () => c.closed && svc.connectionCounts().open === 0);
    expect(svc.connectionCounts()).toMatchObject({ open: 0, unread: 1 });
    expect(sent).toBeGreaterThan(LIMITS.maxPendingWriteBytes);
    const other = await client(address, '{"id":2,"op":"hello","params":{}}\n');
    await until("others still answered", () => other.received.includes('"id":2'));
  });
});
