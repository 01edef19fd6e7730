import { serviceLink } from "../../tunnel/service/client/service-link";
import type { Handler } from "../handler";

/** The open tunnels; also subscribes this conversation to tunnel.changed events. No service, no tunnels. */
export const tunnelList: Handler<"tunnel.list"> = {
  async run(_params, ctx) {
    const result = await serviceLink(ctx.env, ctx.emit).request("list", {}, false);
    return { tunnels: result?.tunnels ?? [] };
  },
};
