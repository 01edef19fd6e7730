import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const install: Command = {
  summary: "Register the native host for your browsers",
  usage: "bastionless install",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `install` yet.");
  },
};
