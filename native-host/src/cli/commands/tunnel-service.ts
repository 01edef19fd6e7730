/** `bastionless tunnel-service` (hidden): the background process holding the tunnels; started by bastionless itself. */
import { runTunnelService } from "../../tunnel/service/run-service";
import { parseFlags } from "../args";
import type { Command } from "../command";

const USAGE = "bastionless tunnel-service";

export const tunnelService: Command = {
  summary: "(internal) run the background tunnel service",
  usage: USAGE,
  async run(args, io) {
    parseFlags(args, {}, USAGE);
    return runTunnelService(io.env);
  },
};
