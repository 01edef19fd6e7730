/**
 * Saved connections in the popup (issue 13): the host reads the files (connections.list) and opens
 * one (connection.open: its tunnel, reusing an open one, and the RDP client). A web UI's page is
 * opened here in a tab, at the tunnel's own loopback URL (the reply checker admits nothing else);
 * a database's address and ssh's command are kept for the popup to show with a copy button.
 */
import type { Ctx } from "./context";
import { withBusy } from "./context";
import { syncTunnelKeeper } from "./tunnels";

/** The files are re-read each time the popup opens: a team file may have been pulled since. */
export async function refreshConnections(ctx: Ctx): Promise<void> {
  const state = await ctx.store.read();
  if (state.host.state === "ok" && !state.host.capabilities.includes("connections.list")) return;
  await withBusy(ctx, "connection", async () => {
    const list = await ctx.host.call("connections.list", {});
    await ctx.store.dispatch({ type: "connections/loaded", list, at: ctx.now() });
  });
}

export async function openSavedConnection(ctx: Ctx, name: string): Promise<void> {
  await withBusy(ctx, "connection", async () => {
    // The RDP client starts as for Connect (RDP): unless the options turned launching off.
    const { launchRdp } = await ctx.settings();
    const opened = await ctx.host.call("connection.open", { name, launch: launchRdp });
    const next = await ctx.store.dispatch(
      ...(opened.tunnel ? [{ type: "tunnel/changed" as const, tunnel: opened.tunnel }] : []),
      { type: "connection/opened", opened },
      { type: "error/cleared" },
    );
    syncTunnelKeeper(ctx, next.tunnels);
    if (opened.url) await ctx.openTab(opened.url);
  });
}
