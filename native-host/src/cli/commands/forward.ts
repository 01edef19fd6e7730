import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const forward: Command = {
  summary: "Forward a local port to any port of an instance",
  usage: "bastionless forward",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `forward` yet.");
  },
};
