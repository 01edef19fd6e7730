/** Whether something accepts a connection now: the service socket, or a tunnel's local port. */
import net from "node:net";

/** Whether something accepts a connection: a socket path, or { port, host } for TCP. */
export function canConnect(to: string | { port: number; host: string }, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = typeof to === "string" ? net.connect(to) : net.connect(to.port, to.host);
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}
