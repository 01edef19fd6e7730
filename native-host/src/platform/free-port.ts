/**
 * The preferred local port, or the next free one (design §6: 13389, else the next free port).
 * Only for engines that must name the port before they listen (the plugin); the built-in engine
 * binds directly.
 */
import net from "node:net";

/**
 * How far past the preferred port to look before giving up: the preferred port and the next 100
 * (13389 to 13489), whether the built-in engine binds (tunnel/session/local-listener.ts) or the
 * plugin is handed a port (findFreePort). Once two copies, one stopping a port short (issue 10).
 */
export const PORT_SEARCH_SPAN = 100;

/** The last port tried for `preferred` (inclusive); 0 asks the system for any free port. */
export function lastPortToTry(preferred: number): number {
  return preferred === 0 ? 0 : Math.min(65_535, preferred + PORT_SEARCH_SPAN);
}

/**
 * The local port a forward to `remotePort` prefers when none is named (`forward`, saved
 * connections): an unprivileged remote port is kept locally so tools find it where they expect;
 * a privileged one (22, 443) gets any free port.
 */
export function defaultLocalPort(remotePort: number): number {
  return remotePort >= 1024 ? remotePort : 0;
}

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
  for (let p = preferred; p <= lastPortToTry(preferred); p++) {
    const got = await tryPort(p, host);
    if (got !== null) return got;
  }
  return null;
}
