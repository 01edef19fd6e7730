import { TunnelError } from "../../errors";
import { RDP_PORT } from "../../rdp/rdp-file";
import { GatewayError } from "../../rdp-gateway/gateway-error";
import { hostGateway } from "../../rdp-gateway/host-gateway";
import { serviceLink } from "../../tunnel/service/client/service-link";
import type { Handler } from "../handler";

/** chrome-extension://ID/ as the caller; the WebSocket Origin header has no trailing slash. */
const CHROMIUM_CALLER = /^(chrome-extension:\/\/[a-p]{32})\/$/;

/**
 * RDP in a browser tab (issue 15, docs/rdp-in-browser.md): a ticket through this host's
 * loopback RDCleanPath gateway into an open tunnel to 3389. Only the calling extension's origin
 * may use it, with the secret returned here (never logged).
 */
export const rdpGatewayOpen: Handler<"rdp.gateway.open"> = {
  async run(params, ctx) {
    // Firefox gives the host the add-on id, while its pages send a per-install moz-extension
    // UUID as Origin, which the host cannot know: the origin check would have nothing to match.
    const origin = CHROMIUM_CALLER.exec(ctx.origin)?.[1];
    if (!origin)
      throw new GatewayError(
        "RDP_GATEWAY_BROWSER_UNSUPPORTED",
        "RDP in a browser tab works in Chromium-family browsers only for now.",
        {
          hint: "Use Connect (RDP) with a native RDP client instead.",
        },
      );
    const list = await serviceLink(ctx.env, ctx.emit).request("list", {}, false);
    const tunnel = list?.tunnels.find((t) => t.id === params.tunnelId);
    if (!tunnel)
      throw new TunnelError("TUNNEL_NOT_FOUND", `No tunnel has the id "${params.tunnelId}".`, {
        hint: "Open the tunnel again from the popup.",
      });
    if (tunnel.remotePort !== RDP_PORT || tunnel.state !== "open")
      throw new GatewayError(
        "RDP_TUNNEL_NOT_OPEN",
        `Tunnel ${tunnel.id} is ${tunnel.state} to port ${tunnel.remotePort}; the browser tab needs an open tunnel to ${RDP_PORT}.`,
        { hint: "Open the instance with Connect (RDP) first." },
      );
    const gw = await hostGateway(ctx.log);
    const ticket = gw.tickets.issue(origin, tunnel.localPort);
    ctx.log.info("rdp gateway ticket issued", { ticket: ticket.id, tunnel: tunnel.id });
    return {
      url: `ws://127.0.0.1:${gw.server.port}/rdp/${ticket.id}`,
      secret: ticket.secret.toString("utf8"),
      // CredSSP names the server TERMSRV/<host>; the instance id stands in for its DNS name.
      destination: `${tunnel.target}:${RDP_PORT}`,
    };
  },
};
