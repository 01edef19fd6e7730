import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const stop: Command = {
  summary: "Stop a tunnel, or all of them",
  usage: "bastionless stop",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `stop` yet.");
  },
};
