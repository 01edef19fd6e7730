/** profiles.list: the profiles bastionless wrote, with expiry (credentials sections with x_principal_arn). */
import { listWrittenProfiles } from "../../aws/files/written-profiles";
import type { Handler } from "../handler";

export const profilesList: Handler<"profiles.list"> = {
  async run(_params, ctx) {
    return { profiles: await listWrittenProfiles(ctx.env) };
  },
};
