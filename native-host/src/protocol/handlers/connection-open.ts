/**
 * connection.open: a saved connection's tunnel (the tunnel service reuses an open one) and, for
 * rdp, the RDP client started from here as Connect does. A web UI's URL and a database's address
 * go back to the extension, which opens the tab or shows the address; ssh needs a terminal, so
 * the popup gets the command to run. A client that cannot start is the tunnel's lastError.
 */
import { launchConnectionRdp } from "../../connections/connection-rdp";
import { loadConnections } from "../../connections/load-connections";
import { findConnection, openConnection } from "../../connections/open-connection";
import { openIO } from "../../connections/open-io";
import { serviceLink } from "../../tunnel/service/client/service-link";
import type { Handler } from "../handler";

export const connectionOpen: Handler<"connection.open"> = {
  async run(params, ctx) {
    const c = findConnection(loadConnections(ctx.env), params.name);
    const link = serviceLink(ctx.env, ctx.emit);
    const {
      connection: _c,
      profile: _p,
      instanceId: _i,
      ...opened
    } = await openConnection(
      c,
      openIO(ctx.env, ctx.log, async (p) => (await link.request("start", p, true))!),
    );
    if (c.client !== "rdp" || !opened.tunnel || params.launch === false) return opened;
    const { launched, error } = await launchConnectionRdp(c, opened.tunnel, ctx.env, ctx.log);
    if (launched)
      ctx.log.info("rdp client started", {
        tunnel: opened.tunnel.id,
        connection: c.name,
        client: launched.client,
      });
    if (!error) return opened;
    ctx.log.warn("rdp client not started", { tunnel: opened.tunnel.id, code: error.code });
    const lastError = { code: error.code, message: `${error.message} ${error.hint ?? ""}`.trim() };
    return { ...opened, tunnel: { ...opened.tunnel, lastError } };
  },
};
