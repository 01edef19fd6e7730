/** `bastionless tunnels`: the open tunnels, from the tunnel service (none when it is not running). */
import { jsonText } from "../../../../contract/display-text";
import type { TunnelInfo } from "../../../../contract/tunnel-info";
import { connectService } from "../../tunnel/service/client/ensure-service";
import { serviceEndpoint } from "../../tunnel/service/ipc/endpoint";
import { type FlagTable, parseFlags } from "../args";
import type { Command } from "../command";
import { tunnelTable } from "../tunnel-text";

const FLAGS = {
  json: { type: "boolean", description: "print the tunnels as JSON" },
} as const satisfies FlagTable;

export const tunnels: Command = {
  summary: "List open tunnels",
  description: `Lists the open tunnels of the tunnel service: id, state, local address, target, remote port,
profile, account (alias and id, when the profile says whose keys it holds), bytes each way,
connections, age in the current state and last error. --json adds the role, the session id and
the instance's platform. None when the service is not running.`,
  flags: FLAGS,
  examples: ["bastionless tunnels", "bastionless tunnels --json"],
  async run(args, io) {
    const { values } = parseFlags("tunnels", args, FLAGS);
    const conn = await connectService(serviceEndpoint(io.env));
    let list: TunnelInfo[] = [];
    if (conn) {
      try {
        list = (await conn.request("list", {})).tunnels;
      } finally {
        conn.close();
      }
    }
    io.stdout.write(values.json ? jsonText({ tunnels: list }) : tunnelTable(list, new Date()));
    return 0;
  },
};
