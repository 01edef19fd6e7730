import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const rdp: Command = {
  summary: "Open an RDP tunnel to an instance and launch the RDP client",
  usage: "bastionless rdp",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `rdp` yet.");
  },
};
