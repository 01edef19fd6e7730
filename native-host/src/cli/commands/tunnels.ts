import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const tunnels: Command = {
  summary: "List open tunnels",
  usage: "bastionless tunnels",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `tunnels` yet.");
  },
};
