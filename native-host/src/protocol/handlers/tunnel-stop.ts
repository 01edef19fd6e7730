import { TunnelError } from "../../errors";
import { serviceLink } from "../../tunnel/service/client/service-link";
import type { Handler } from "../handler";

/** Stops one tunnel or all; each one's SSM session is terminated (spec §8.5). */
export const tunnelStop: Handler<"tunnel.stop"> = {
  async run(params, ctx) {
    const result = await serviceLink(ctx.env, ctx.emit).request("stop", params, false);
    if (result) return result;
    if (params.all) return { stopped: [] };
    throw new TunnelError("TUNNEL_NOT_FOUND", `No tunnel has the id "${params.id}" (no tunnel is open).`, {
      hint: "Refresh the tunnel list.",
    });
  },
};
