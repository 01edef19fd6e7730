/**
 * The fake service + agent and its TCP destinations in a process of their own, driven over IPC
 * (see process.ts). Used where the fake must not share a CPU with the engine under test: the
 * bench, and transfers large enough to be CPU-bound.
 */
import type net from "node:net";
import { echo } from "../../support/echo";
import { listenTcp } from "../../support/tunnel-rig";
import { startFakeSessionManager } from "./index";

type Request = { id: number; op: string; args: unknown[] };

/** Destinations: echo; sink:N (reads N bytes then answers "k"); source:N (sends N bytes). */
function destination(kind: string): (s: net.Socket) => void {
  const [name, n] = kind.split(":");
  const total = Number(n ?? 0);
  if (name === "sink") {
    return (s) => {
      let got = 0;
      s.on("error", () => s.destroy());
      s.on("data", (d: Buffer) => {
        got += d.length;
        if (got >= total && got - d.length < total) s.write("k");
      });
    };
  }
  if (name === "source") {
    const block = Buffer.alloc(64 * 1024, 0x5a);
    return (s) => {
      let sent = 0;
      s.on("error", () => s.destroy());
      const pump = () => {
        while (sent < total) {
          const piece = block.subarray(0, Math.min(block.length, total - sent));
          sent += piece.length;
          if (!s.write(piece)) return void s.once("drain", pump);
        }
      };
      pump();
    };
  }
  return echo;
}

async function main(): Promise<void> {
  const fake = await startFakeSessionManager();
  const servers: net.Server[] = [];
  const ops: Record<string, (...a: any[]) => unknown> = {
    createSession: (a) => fake.createSession(a),
    resumeSession: (id) => fake.resumeSession(id),
    terminateSession: (id, out) => fake.terminateSession(id, out),
    session: (id) => fake.session(id),
    disconnect: (id, code, reason) => fake.disconnect(id, code, reason),
    outage: (end) => fake.outage(end),
    restore: () => fake.restore(),
    destination: async (kind: string) => {
      const server = await listenTcp(destination(kind));
      servers.push(server);
      return (server.address() as net.AddressInfo).port;
    },
    rss: () => process.memoryUsage().rss,
    cpuSeconds: () => {
      const c = process.cpuUsage();
      return (c.user + c.system) / 1e6;
    },
  };
  process.on("message", async (m: Request) => {
    try {
      process.send!({ id: m.id, ok: true, value: await ops[m.op]!(...m.args) });
    } catch (err) {
      process.send!({ id: m.id, ok: false, error: String(err) });
    }
  });
  process.on("disconnect", () => {
    for (const s of servers) s.close();
    void fake.close().then(() => process.exit(0));
  });
  process.send!({ id: 0, ok: true, value: fake.url });
}

void main();
