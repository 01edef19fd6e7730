import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const uninstall: Command = {
  summary: "Remove what install wrote",
  usage: "bastionless uninstall",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `uninstall` yet.");
  },
};
