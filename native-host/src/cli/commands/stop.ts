/** `bastionless stop ID | --all`: ends tunnels; each one's SSM session is terminated (spec §8.5). */
import { TUNNEL_ID } from "../../../../contract/identifiers";
import { UsageError } from "../../errors";
import { connectService } from "../../tunnel/service/client/ensure-service";
import { serviceEndpoint } from "../../tunnel/service/ipc/endpoint";
import { type FlagTable, parseFlags, usageLine } from "../args";
import type { Command } from "../command";

const FLAGS = {
  all: { type: "boolean", description: "stop every open tunnel" },
  json: { type: "boolean", description: "print the stopped ids as JSON" },
} as const satisfies FlagTable;

const USAGE = usageLine("stop", FLAGS, "[ID]");

export const stop: Command = {
  summary: "Stop a tunnel, or all of them",
  description: `Stops the tunnel with the id \`bastionless tunnels\` shows, or every tunnel with --all; each
one's Session Manager session is terminated.`,
  operands: "[ID]",
  flags: FLAGS,
  examples: ["bastionless stop k3v9x2", "bastionless stop --all"],
  async run(args, io) {
    const { values, positionals } = parseFlags("stop", args, FLAGS, "[ID]");
    if (values.all ? positionals.length !== 0 : positionals.length !== 1) {
      throw new UsageError("USAGE", "Give one tunnel ID, or --all.", { hint: `Usage: ${USAGE}` });
    }
    const id = positionals[0];
    if (id !== undefined && !TUNNEL_ID.test(id)) {
      throw new UsageError("USAGE", `"${id.slice(0, 80)}" is not a tunnel id.`, {
        hint: "Run `bastionless tunnels` to see the ids.",
      });
    }
    const conn = await connectService(serviceEndpoint(io.env));
    if (!conn && id !== undefined) {
      throw new UsageError("TUNNEL_NOT_FOUND", `No tunnel has the id "${id}" (no tunnel is open).`, {
        hint: "Run `bastionless tunnels` to see the ids.",
      });
    }
    let stopped: string[] = [];
    if (conn) {
      try {
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
