import { extensionIdFamily } from "../../../../contract/extension-ids";
import { TunnelError } from "../../errors";
import { RDP_PORT } from "../../rdp/rdp-file";
import { GatewayError } from "../../rdp-gateway/gateway-error";
import { hostGateway } from "../../rdp-gateway/host-gateway";
import { serviceLink } from "../../tunnel/service/client/service-link";
import type { Handler } from "../handler";

/** chrome-extension://ID/ as the caller; the WebSocket Origin header has no trailing slash. */
const CHROMIUM_CALLER = /^(chrome-extension:\/\/[a-p]{32})\/$/;

/**
 * The Origin the tab's WebSocket must carry. Chromium passes the host the caller's origin, which
 * is also its pages' origin. Firefox passes the add-on id, and its pages' origin holds a
 * per-install UUID the host cannot derive, so the extension says it (`pageOrigin`). That is
 * sound because of who can say it: Firefox starts this host only for an add-on listed in the
 * host manifest's allowed_extensions and hands it that add-on's id, which host-main.ts checked
 * against the install record; web pages and content scripts cannot use native messaging (MDN,
 * Native messaging). A claimed origin buys nothing without the ticket's secret either.
 */
function pageOriginOf(caller: string, pageOrigin: string | undefined): string {
  const chromium = CHROMIUM_CALLER.exec(caller)?.[1];
  if (chromium) {
    if (pageOrigin !== undefined && pageOrigin !== chromium)
      throw new GatewayError(
        "RDP_GATEWAY_ORIGIN_INVALID",
        "A Chromium caller's pages have the caller's own origin; pageOrigin may not name another.",
      );
    return chromium;
  }
  if (extensionIdFamily(caller) === "firefox" && pageOrigin !== undefined) return pageOrigin;
  throw new GatewayError(
    "RDP_GATEWAY_BROWSER_UNSUPPORTED",
    "This extension did not say its pages' origin, which Firefox does not tell the host.",
    { hint: "Update the extension, or use Connect (RDP) with a native RDP client." },
  );
}

/**
 * RDP in a browser tab (issue 15, docs/rdp-in-browser.md): a ticket through this host's
 * loopback RDCleanPath gateway into an open tunnel to 3389. Only the calling extension's origin
 * may use it, with the secret returned here (never logged).
 */
export const rdpGatewayOpen: Handler<"rdp.gateway.open"> = {
  async run(params, ctx) {
    const origin = pageOriginOf(ctx.origin, params.pageOrigin);
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
