import { BastionlessError } from "../../errors";
import type { Handler } from "../handler";

// Placeholder until this handler lands; answers with a coded error instead of crashing.
export const tunnelStart: Handler<"tunnel.start"> = {
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This host build cannot do tunnel.start yet.", { hint: "Update bastionless." });
  },
};
