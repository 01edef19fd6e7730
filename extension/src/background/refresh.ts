/** Reloading what the popup shows from the host: profiles, instances, tunnels. */

import { refreshConnections } from "./connections";
import type { Ctx } from "./context";
import { withBusy } from "./context";
import { syncTunnelKeeper } from "./tunnels";

/** An instance list younger than this is shown as is when the popup opens. */
export const INSTANCES_FRESH_MS = 60_000;

/** Profiles; while a popup shows, the instances follow a selection that changed with them. */
export async function refreshProfiles(ctx: Ctx): Promise<void> {
  const done = await withBusy(ctx, "profiles", async () => {
    const { profiles } = await ctx.host.call("profiles.list", {});
    await ctx.store.dispatch({ type: "profiles/loaded", profiles, at: ctx.now() });
  });
  if (done.ok && ctx.host.keeping("popup")) await refreshInstances(ctx, false);
}

/** Instances of the selected profile/region; `force` skips the freshness check (Refresh button). */
export async function refreshInstances(ctx: Ctx, force: boolean): Promise<void> {
  const state = await ctx.store.read();
  const sel = state.selection;
  if (!sel) return;
  const view = state.instances;
  const same = view?.profile === sel.profile && view.region === sel.region;
  if (
    !force &&
    same &&
    (view.loading || (view.fetchedAt !== null && ctx.now() - view.fetchedAt < INSTANCES_FRESH_MS))
  )
    return;
  if (!state.host.capabilities.includes("instances.list") && state.host.state === "ok") return;
  await ctx.store.dispatch({ type: "instances/loading", profile: sel.profile, region: sel.region });
  const done = await withBusy(ctx, "instances", async () => {
    const { instances } = await ctx.host.call("instances.list", {
      profile: sel.profile,
      ...(sel.region ? { region: sel.region } : {}),
    });
    await ctx.store.dispatch({
      type: "instances/loaded",
      profile: sel.profile,
      region: sel.region,
      list: instances,
      at: ctx.now(),
    });
  });
  if (!done.ok)
    await ctx.store.dispatch({ type: "instances/failed", profile: sel.profile, region: sel.region });
}

export async function refreshTunnels(ctx: Ctx): Promise<void> {
  const state = await ctx.store.read();
  if (state.host.state === "ok" && !state.host.capabilities.includes("tunnel.list")) return;
  await withBusy(ctx, "tunnel", async () => {
    const { tunnels } = await ctx.host.call("tunnel.list", {});
    const next = await ctx.store.dispatch({ type: "tunnels/set", tunnels });
    syncTunnelKeeper(ctx, next.tunnels);
  });
}

/** Everything the popup shows, in the order it is read: profiles first, since instances need one. */
export async function refreshAll(ctx: Ctx, force: boolean): Promise<void> {
  await refreshProfiles(ctx);
  const state = await ctx.store.read();
  if (state.host.state !== "ok") return;
  await Promise.all([
    refreshTunnels(ctx),
    refreshConnections(ctx),
    force ? refreshInstances(ctx, true) : undefined,
  ]);
}
