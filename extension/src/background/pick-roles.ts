/** The popup's role picker: the user's choice for a pending sign-in, or cancelling it. */

import { assertionAlarm } from "./assertion-store";
import type { Ctx } from "./context";
import { withBusy } from "./context";
import { HostLinkError } from "./host-errors";
import { choiceFromPick, type PickedRoles } from "./role-choice";
import { assume } from "./sign-in";

export const expired = () =>
  new HostLinkError(
    "SIGN_IN_EXPIRED",
    "That sign-in can no longer be used: it was used already, or it expired (AWS accepts it for a few minutes only).",
    {
      hint: "Sign in again from My Apps (myapps.microsoft.com) and choose within a few minutes.",
    },
  );

const unknownRole = () =>
  new HostLinkError("ROLE_NOT_IN_SIGN_IN", "The chosen role is not in this sign-in.", {
    hint: "Choose one of the listed roles.",
  });

/** The held assertion's id is gone: its choice (roles or tenant), alarm, badge and notice go too. */
export async function forget(ctx: Ctx, pendingId: string): Promise<void> {
  await ctx.store.dispatch({ type: "pending/cleared", id: pendingId });
  await ctx.alarms.clear(assertionAlarm(pendingId));
  await Promise.all([ctx.setBadge(""), ctx.notify.clear("pick"), ctx.notify.clear("held")]);
}

export async function pickRoles(
  ctx: Ctx,
  pendingId: string,
  pick: PickedRoles,
  remember: boolean,
): Promise<void> {
  await withBusy(ctx, "assume", async () => {
    const [state, settings] = await Promise.all([ctx.store.read(), ctx.settings()]);
    const roles = state.pending?.id === pendingId ? state.pending.roles : [];
    const choice = choiceFromPick(pick, roles, settings);
    if (!choice) throw unknownRole();
    // Taken out of storage before the call: used once, whatever the outcome.
    const held = await ctx.assertions.take(pendingId, ctx.now());
    await forget(ctx, pendingId);
    if (!held) throw expired();
    if (remember && pick.allRoles) await ctx.saveSettings({ allRoles: true });
    const written = await assume(ctx, held, choice);
    // The name the host wrote (a template may have used the account alias) is the one remembered.
    const name = written.find((w) => !pick.allRoles && w.roleArn === pick.roleArn)?.profile;
    if (remember && !pick.allRoles && name)
      await ctx.saveSettings({ profileNames: { ...settings.profileNames, [pick.roleArn]: name } });
  });
}

export async function cancelPick(ctx: Ctx, pendingId: string): Promise<void> {
  await ctx.assertions.drop(pendingId);
  await forget(ctx, pendingId);
}

/** The assertion's own alarm: it is no longer accepted by AWS, so it is dropped. */
export async function onAssertionAlarm(ctx: Ctx, name: string): Promise<boolean> {
  if (!name.startsWith("assertion:")) return false;
  await cancelPick(ctx, name.slice("assertion:".length));
  return true;
}
