/**
 * The popup's answer to a sign-in held for its tenant (hold-tenant.ts, issue 17): trust the
 * tenant and use the sign-in, or discard it. Either way the assertion is taken out of the store
 * once; the pin moves only on an explicit "Trust".
 */
import { parseSigninUrl } from "../../../contract/signin-endpoints";
import { type Ctx, withBusy } from "./context";
import { cancelPick, expired, forget } from "./pick-roles";
import { handleCapture } from "./sign-in";

/** "Trust tenant X and use this sign-in": the pin moves to X, then the sign-in runs as usual. */
export async function trustHeld(ctx: Ctx, heldId: string): Promise<void> {
  const taken = await withBusy(ctx, "sign-in", async () => {
    const state = await ctx.store.read();
    const held = state.held?.id === heldId ? state.held : null;
    const assertion = await ctx.assertions.take(heldId, ctx.now());
    await forget(ctx, heldId);
    if (!held || !assertion) throw expired();
    await ctx.saveTrust({ pinnedIssuer: held.issuer });
    return assertion;
  });
  if (!taken.ok) return;
  const { samlResponse, url, from } = taken.value;
  const endpoint = parseSigninUrl(url);
  if (endpoint) await handleCapture(ctx, { kind: "saml", samlResponse, url, endpoint, from });
}

/** "Discard": the assertion is forgotten and the pin stays. */
export const discardHeld = (ctx: Ctx, heldId: string) => cancelPick(ctx, heldId);
