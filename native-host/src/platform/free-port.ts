/**
 * The preferred local port, or the next free one (design §6: 13389, else the next free port).
 * Only for engines that must name the port before they listen (the plugin); the built-in engine
 * binds directly.
 */
import net from "node:net";

/** How far past the preferred port to look before giving up. */
export const PORT_SEARCH_SPAN = 100;

function tryPort(port: number, host: string): Promise<number | null> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(null));
    s.listen({ port, host, exclusive: true }, () => {
      const got = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(got));
    });
  });
}

/** Whether `port` on `host` can be bound right now (an explicit --local-port is checked with it). */
export async function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return (await tryPort(port, host)) !== null;
}

export async function findFreePort(preferred: number, host = "127.0.0.1"): Promise<number | null> {
  if (preferred === 0) return tryPort(0, host);
  for (let p = preferred; p < Math.min(65536, preferred + PORT_SEARCH_SPAN); p++) {
    const got = await tryPort(p, host);
    if (got !== null) return got;
  }
  return null;
}
