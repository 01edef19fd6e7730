import { BastionlessError } from "../../errors";
import type { Handler } from "../handler";

// Placeholder until this handler lands; answers with a coded error instead of crashing.
export const profilesList: Handler<"profiles.list"> = {
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This host build cannot do profiles.list yet.", { hint: "Update bastionless." });
  },
};
