/**
 * Open RDP again on a tunnel row (issue 11). tunnel.start with the tunnel's own profile, region,
 * target and ports: the host returns the open tunnel instead of a second one and launches the
 * client again (PROTOCOL.md, tunnel.start), whatever the "Open the RDP client" option says,
 * since opening it is what the user asked for.
 */
import type { Ctx } from "./context";
import { withBusy } from "./context";
import { HostLinkError } from "./host-errors";
import { syncTunnelKeeper } from "./tunnels";

const notOpen = () =>
  new HostLinkError("TUNNEL_NOT_FOUND", "That tunnel is no longer open.", {
    hint: "Connect to the instance again from the popup.",
  });

export async function reopenRdp(ctx: Ctx, tunnelId: string): Promise<void> {
  await withBusy(ctx, "tunnel", async () => {
    const t = (await ctx.store.read()).tunnels.find((x) => x.id === tunnelId);
    if (t?.state !== "open") throw notOpen();
    const tunnel = await ctx.host.call("tunnel.start", {
      profile: t.profile,
      ...(t.region ? { region: t.region } : {}),
      target: t.target,
      remotePort: t.remotePort,
      localPort: t.localPort,
      launch: true,
    });
    const next = await ctx.store.dispatch({ type: "tunnel/changed", tunnel }, { type: "error/cleared" });
    syncTunnelKeeper(ctx, next.tunnels);
  });
}
