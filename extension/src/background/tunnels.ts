/**
 * Connect (RDP), Stop, and tunnel.changed events (design §1 steps 5–6). Tunnels live in the
 * host's tunnel service, not here: the extension starts, lists and stops them and shows events.
 */
import type { HostEvent } from "../../../contract/events";
import type { TunnelInfo, TunnelState } from "../../../contract/tunnel-info";
import type { Ctx } from "./context";
import { withBusy } from "./context";
import { HostLinkError } from "./host-errors";
import { tunnelDroppedTitle } from "./notice-text";

const ACTIVE: readonly TunnelState[] = ["starting", "open", "reconnecting"];
export const isActive = (t: TunnelInfo) => ACTIVE.includes(t.state);

/** Holds the host port open while a tunnel is active, so a drop is noticed (see host-link.ts). */
export function syncTunnelKeeper(ctx: Ctx, tunnels: TunnelInfo[]): void {
  const want = tunnels.some(isActive);
  if (want !== ctx.host.keeping("tunnels")) ctx.host.keep("tunnels", want);
}

const noSelection = () =>
  new HostLinkError("NO_PROFILE_SELECTED", "No AWS profile is selected for the connection.", {
    hint: "Sign in from My Apps, then choose a profile in the popup.",
  });

export async function connect(ctx: Ctx, instanceId: string): Promise<void> {
  await withBusy(ctx, "tunnel", async () => {
    const [state, settings] = await Promise.all([ctx.store.read(), ctx.settings()]);
    const sel = state.selection;
    if (!sel) throw noSelection();
    const tunnel = await ctx.host.call("tunnel.start", {
      profile: sel.profile,
      ...(sel.region ? { region: sel.region } : {}),
      target: instanceId,
      remotePort: 3389,
      localPort: settings.localPort,
      launch: settings.launchRdp,
    });
    const next = await ctx.store.dispatch({ type: "tunnel/changed", tunnel }, { type: "error/cleared" });
    syncTunnelKeeper(ctx, next.tunnels);
  });
}

export async function stop(ctx: Ctx, tunnelId: string): Promise<void> {
  await withBusy(ctx, "tunnel", async () => {
    const { stopped } = await ctx.host.call("tunnel.stop", { id: tunnelId });
    const state = await ctx.store.read();
    const next = await ctx.store.dispatch({
      type: "tunnels/set",
      tunnels: state.tunnels.filter((t) => !stopped.includes(t.id)),
    });
    syncTunnelKeeper(ctx, next.tunnels);
  });
}

/** A tunnel that failed, or closed with an error, dropped; a clean close was someone's Stop. */
export function droppedBy(tunnel: TunnelInfo): string | null {
  if (tunnel.state === "failed" || (tunnel.state === "closed" && tunnel.lastError))
    return tunnel.lastError?.message ?? "the session ended";
  return null;
}

export async function onHostEvent(ctx: Ctx, event: HostEvent): Promise<void> {
  if (event.event !== "tunnel.changed") return;
  const { tunnel } = event;
  const before = (await ctx.store.read()).tunnels.find((t) => t.id === tunnel.id);
  const next = await ctx.store.dispatch({ type: "tunnel/changed", tunnel });
  syncTunnelKeeper(ctx, next.tunnels);
  const why = droppedBy(tunnel);
  if (why && (!before || isActive(before))) {
    await ctx.notify.show(
      `tunnel:${tunnel.id}`,
      tunnelDroppedTitle(tunnel, next.profiles),
      `127.0.0.1:${tunnel.localPort} is closed: ${why}. Connect again from the popup.`,
    );
  }
}
