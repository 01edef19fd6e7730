import { BastionlessError } from "../../errors";
import type { Command } from "../command";

// Placeholder until this command lands.
export const roles: Command = {
  summary: "Show the roles in a SAML response",
  usage: "bastionless roles",
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This build cannot run `roles` yet.");
  },
};
