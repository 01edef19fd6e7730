/**
 * One free-port search (issue 10): the built-in engine's listener and the plugin's port pick both
 * try the preferred port and the next PORT_SEARCH_SPAN. The plugin's copy used to stop one short,
 * so with +0…+99 taken it gave up where the built-in engine found +100.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { TunnelError } from "../../native-host/src/errors";
import { findFreePort, lastPortToTry, PORT_SEARCH_SPAN } from "../../native-host/src/platform/free-port";
import { listenLocal } from "../../native-host/src/tunnel/session/local-listener";

const held: net.Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function hold(port: number): Promise<net.Server | null> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(null));
    s.listen({ host: "127.0.0.1", port, exclusive: true }, () => resolve(s));
  });
}

/** Holds `count` consecutive loopback ports; returns the first. Moves on when one is busy. */
async function holdRun(count: number): Promise<number> {
  for (let base = 20_000 + Math.floor(Math.random() * 30_000); base < 60_000; base += count + 1) {
    const mine: net.Server[] = [];
    for (let p = base; p < base + count; p++) {
      const s = await hold(p);
      if (!s) break;
      mine.push(s);
    }
    held.push(...mine);
    if (mine.length === count) return base;
  }
  throw new Error("no run of free ports to hold");
}

const releaseLast = async () => {
  const s = held.pop()!;
  await new Promise((r) => s.close(r));
};

describe("the free-port search", () => {
  it("tries the preferred port and the next PORT_SEARCH_SPAN, never past 65535", () => {
    expect(lastPortToTry(13389)).toBe(13389 + PORT_SEARCH_SPAN);
    expect(lastPortToTry(65_500)).toBe(65_535);
    expect(lastPortToTry(0)).toBe(0);
  });

  it("finds the last port of the span in both engines, and nothing past it", async () => {
    // preferred … preferred+SPAN held: nothing is left in the span for either.
    const base = await holdRun(PORT_SEARCH_SPAN + 1);
    expect(await findFreePort(base)).toBeNull();
    const refused = await listenLocal(base, () => {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TunnelError);
    expect((refused as TunnelError).code).toBe("TUNNEL_NO_LOCAL_PORT");
    expect((refused as TunnelError).message).toContain(`to ${base + PORT_SEARCH_SPAN}.`);

    // Only preferred+SPAN freed: both find exactly it.
    await releaseLast();
    expect(await findFreePort(base)).toBe(base + PORT_SEARCH_SPAN);
    const server = await listenLocal(base, () => {});
    held.push(server);
    expect((server.address() as net.AddressInfo).port).toBe(base + PORT_SEARCH_SPAN);
  });
});
