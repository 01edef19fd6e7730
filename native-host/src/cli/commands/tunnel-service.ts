import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const tunnelService: Command = {
  summary: "(internal) run the background tunnel service",
  usage: "bastionless tunnel-service",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `tunnel-service` yet.");
  },
};
