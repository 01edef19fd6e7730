import { BastionlessError } from "../../errors";
import type { Handler } from "../handler";

// Placeholder until this handler lands; answers with a coded error instead of crashing.
export const tunnelStop: Handler<"tunnel.stop"> = {
  async run() {
    throw new BastionlessError("NOT_AVAILABLE", "This host build cannot do tunnel.stop yet.", { hint: "Update bastionless." });
  },
};
