/**
 * `bastionless stop WHAT | --all`: ends tunnels; each one's SSM session is terminated (spec §8.5).
 * WHAT is a tunnel id, an instance id or Name, or a local port (cli/tunnel-select.ts).
 */
import type { TunnelInfo } from "../../../../contract/tunnel-info";
import { UsageError } from "../../errors";
import { connectService } from "../../tunnel/service/client/ensure-service";
import { serviceEndpoint } from "../../tunnel/service/ipc/endpoint";
import { type FlagTable, parseFlags, usageLine } from "../args";
import type { Command } from "../command";
import { selectTunnel } from "../tunnel-select";

const FLAGS = {
  all: { type: "boolean", description: "stop every open tunnel" },
  json: { type: "boolean", description: "print the stopped ids as JSON" },
} as const satisfies FlagTable;

const USAGE = usageLine("stop", FLAGS, "[ID|INSTANCE|NAME|PORT]");

export const stop: Command = {
  summary: "Stop a tunnel, or all of them",
  description: `Stops one tunnel, named by its id, its instance id or Name, or its local port (as
\`bastionless tunnels\` shows them), or every tunnel with --all; each one's Session Manager session
is terminated. A name that matches several tunnels stops none and lists them.`,
  operands: "[ID|INSTANCE|NAME|PORT]",
  flags: FLAGS,
  examples: [
    "bastionless stop k3v9x2",
    "bastionless stop web-1",
    "bastionless stop 13389",
    "bastionless stop --all",
  ],
  async run(args, io) {
    const { values, positionals } = parseFlags("stop", args, FLAGS, "[ID|INSTANCE|NAME|PORT]");
    if (values.all ? positionals.length !== 0 : positionals.length !== 1) {
      throw new UsageError("USAGE", "Give one tunnel (id, instance id or Name, or local port), or --all.", {
        hint: `Usage: ${USAGE}`,
      });
    }
    const what = positionals[0];
    const conn = await connectService(serviceEndpoint(io.env));
    // No service: no tunnel, so a named one is not found (the same error as an empty list).
    if (!conn && what !== undefined) selectTunnel([], what);
    let stopped: string[] = [];
    if (conn) {
      try {
        let id: string | undefined;
        if (what !== undefined) {
          const list: TunnelInfo[] = (await conn.request("list", {})).tunnels;
          id = selectTunnel(list, what).id;
        }
        stopped = (await conn.request("stop", values.all ? { all: true } : { id })).stopped;
      } finally {
        conn.close();
      }
    }
    if (values.json) io.stdout.write(`${JSON.stringify({ stopped })}\n`);
    else io.stdout.write(stopped.length ? stopped.map((s) => `Stopped ${s}.\n`).join("") : "No tunnels.\n");
    return 0;
  },
};
