/**
 * A sign-in from another tenant than the pinned one (issuer-pin.ts): its assertion waits in the
 * assertion store (storage.session, memory only, never on disk) until the user trusts the tenant
 * or discards it in the popup, or AWS stops accepting it (the assertion's alarm). Nothing is
 * written for it before that choice (tenant-choice.ts takes it).
 */
import type { SamlSummary } from "../../../contract/domain";
import { displayText } from "../shared/display-text";
import { parseTime } from "../shared/format";
import { assertionAlarm, DEFAULT_ASSERTION_LIFETIME_MS } from "./assertion-store";
import type { Capture } from "./capture";
import type { Ctx } from "./context";
import type { IssuerDecision } from "./issuer-pin";

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
