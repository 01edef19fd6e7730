import { BastionlessError } from "../../errors";
import type { Handler } from "../handler";

// Placeholder until this handler lands; answers with a coded error instead of crashing.
export const credentialsAssume: Handler<"credentials.assume"> = {
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This host build cannot do credentials.assume yet.", { hint: "Update bastionless." });
  },
};
