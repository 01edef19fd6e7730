/**
 * The popup's answer to a refused profile (profile-refusal.ts, issue 11): "Replace it" repeats the
 * same credentials.assume with force (the host backs the old section up first); "Keep it" leaves
 * the profile alone and forgets the sign-in.
 */
import { assertionAlarm } from "./assertion-store";
import { type Ctx, withBusy } from "./context";
import { expired } from "./pick-roles";
import { assume } from "./sign-in";

/** "Replace it": the same assume again with force, with the assertion kept for it. */
export async function replaceRefused(ctx: Ctx, refusalId: string): Promise<void> {
  await withBusy(ctx, "assume", async () => {
    const refusal = (await ctx.store.read()).refusal;
    // Taken out before the call: used once, whatever the outcome.
    const held = refusal?.id === refusalId ? await ctx.assertions.take(refusalId, ctx.now()) : null;
    await ctx.alarms.clear(assertionAlarm(refusalId));
    await ctx.store.dispatch({ type: "refusal/cleared", id: refusalId });
    if (!refusal || !held) throw expired();
    await assume(ctx, held, refusal.choice);
  });
}

/** "Keep it": the profile stays as it is and the sign-in is forgotten. */
export async function keepRefused(ctx: Ctx, refusalId: string): Promise<void> {
  await ctx.assertions.drop(refusalId);
  await ctx.alarms.clear(assertionAlarm(refusalId));
  await ctx.store.dispatch({ type: "refusal/cleared", id: refusalId });
}
