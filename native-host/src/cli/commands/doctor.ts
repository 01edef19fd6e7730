import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const doctor: Command = {
  summary: "Check the installation and explain what to fix",
  usage: "bastionless doctor",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `doctor` yet.");
  },
};
