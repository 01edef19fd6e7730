import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const assume: Command = {
  summary: "Assume roles from a SAML response and write AWS CLI profiles",
  usage: "bastionless assume",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `assume` yet.");
  },
};
