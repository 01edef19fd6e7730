/** `bastionless tunnel-service` (hidden): the background process holding the tunnels; started by bastionless itself. */
import { runTunnelService } from "../../tunnel/service/server/run-service";
import { parseFlags } from "../args";
import type { Command } from "../command";

export const tunnelService: Command = {
  summary: "(internal) run the background tunnel service",
  description: "Runs the background process that holds the tunnels; rdp and forward start it when needed.",
  flags: {},
  examples: [],
  async run(args, io) {
    parseFlags("tunnel-service", args, {});
    return runTunnelService(io.env);
  },
};
