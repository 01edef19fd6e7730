import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const instances: Command = {
  summary: "List SSM-managed Windows instances of a profile",
  usage: "bastionless instances",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `instances` yet.");
  },
};
