/** `bastionless tunnels`: the open tunnels, from the tunnel service (none when it is not running). */
import { jsonText } from "../../protocol/display-text";
import type { TunnelInfo } from "../../protocol/messages";
import { serviceEndpoint } from "../../tunnel/service/endpoint";
import { connectService } from "../../tunnel/service/ensure-service";
import { tunnelTable } from "../../tunnel/service/tunnel-text";
import { parseFlags } from "../args";
import type { Command } from "../command";

const USAGE = "bastionless tunnels [--json]";

export const tunnels: Command = {
  summary: "List open tunnels",
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(args, { json: { type: "boolean" } }, USAGE);
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
