/**
 * A subscriber on the tunnel service's socket: every tunnel.changed event it pushes, and a wait
 * for the first that matches (an event, never a clock, decides).
 */
import net from "node:net";
import path from "node:path";
import type { TunnelInfo } from "../../contract/tunnel-info";

export interface TunnelEvents {
  seen: TunnelInfo[];
  next(match: (t: TunnelInfo) => boolean): Promise<TunnelInfo>;
  close(): void;
}

export function subscribeTunnels(env: NodeJS.ProcessEnv): Promise<TunnelEvents> {
  const s = net.connect(path.join(env.BASTIONLESS_RUNTIME_DIR!, "tunnels.sock"));
  const seen: TunnelInfo[] = [];
  const waiters: Array<{ match: (t: TunnelInfo) => boolean; resolve: (t: TunnelInfo) => void }> = [];
  let buf = "";
  return new Promise((resolve, reject) => {
    s.once("error", reject);
    s.on("connect", () => s.write(`${JSON.stringify({ id: 1, op: "subscribe", params: {} })}\n`));
    s.on("data", (c) => {
      buf += c.toString();
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        const msg = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (msg.id === 1) resolve(events);
        if (msg.event !== "tunnel.changed") continue;
        seen.push(msg.tunnel);
        for (const w of waiters.splice(0)) {
          if (w.match(msg.tunnel)) w.resolve(msg.tunnel);
          else waiters.push(w);
        }
      }
    });
    const events: TunnelEvents = {
      seen,
      next: (match) =>
        new Promise((r) => {
          const found = seen.find(match);
          if (found) r(found);
          else waiters.push({ match, resolve: r });
        }),
      close: () => s.destroy(),
    };
  });
}
