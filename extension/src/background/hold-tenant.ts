/**
 * A sign-in from another tenant than the pinned one (issuer-pin.ts): its assertion waits in the
 * assertion store (storage.session, memory only, never on disk) until the user trusts the tenant
 * or discards it in the popup, or AWS stops accepting it (the assertion's alarm). Nothing is
 * written for it before that choice.
 */
import type { SamlSummary } from "../../../native-host/src/protocol/messages";
import { parseSigninUrl } from "../../../native-host/src/saml/endpoints";
import { displayText } from "../shared/display-text";
import { parseTime } from "../shared/format";
import type { Capture } from "./capture";
import { type Ctx, withBusy } from "./context";
import type { IssuerDecision } from "./issuer-pin";
import { cancelPick, expired, forget } from "./pick-roles";
import { assertionAlarm, DEFAULT_ASSERTION_LIFETIME_MS, handleCapture } from "./sign-in";

type SamlCapture = Extract<Capture, { kind: "saml" }>;

export async function holdForTenant(
  ctx: Ctx,
  capture: SamlCapture,
  summary: SamlSummary,
  decision: Extract<IssuerDecision, { kind: "hold" }>,
): Promise<void> {
  const id = ctx.newId();
  const expiresAt = parseTime(summary.notOnOrAfter) ?? ctx.now() + DEFAULT_ASSERTION_LIFETIME_MS;
  const { samlResponse, url, from } = capture;
  await ctx.assertions.put({ id, samlResponse, url, from, expiresAt });
  await ctx.store.dispatch({
    type: "signin/held",
    held: {
      id,
      issuer: decision.issuer,
      pinned: decision.pinned,
      sessionName: summary.sessionName,
      from,
      roles: summary.roles,
      expiresAt,
    },
  });
  ctx.alarms.create(assertionAlarm(id), { when: expiresAt });
  await ctx.setBadge("!");
  await ctx.notify.show(
    "held",
    "AWS sign-in from another tenant held",
    `It was issued by ${decision.issuer ? displayText(decision.issuer) : "an unnamed tenant"}, not by your usual tenant. Open bastionless to use it or discard it.`,
  );
}

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
