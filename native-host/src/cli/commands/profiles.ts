import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const profiles: Command = {
  summary: "List the profiles bastionless wrote, with expiry",
  usage: "bastionless profiles",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `profiles` yet.");
  },
};
