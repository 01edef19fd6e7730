/**
 * A captured sign-in, end to end (design §1 steps 2–3): saml.inspect, then either
 * credentials.assume straight away (one role, mapped roles, or "all roles" set) or a pending
 * choice for the popup's role picker. The assertion is used once and then forgotten, unless the
 * host refused a profile it does not own: then it is kept in memory for the popup's "Replace it"
 * until it expires (profile-refusal.ts).
 */
import { CodedError } from "../../../contract/coded-error";
import type { RoleFailure, SamlSummary, WrittenProfile } from "../../../contract/domain";
import { parseSigninUrl } from "../../../contract/signin-endpoints";
import { parseTime } from "../shared/format";
import type { SignIn, UserError } from "../shared/state";
import { assertionAlarm, DEFAULT_ASSERTION_LIFETIME_MS, type HeldAssertion } from "./assertion-store";
import type { Capture } from "./capture";
import { type Ctx, withBusy } from "./context";
import { scheduleExpiryAlarms } from "./expiry-alarms";
import { holdForTenant } from "./hold-tenant";
import { HostLinkError, hintFor } from "./host-errors";
import { decideIssuer } from "./issuer-pin";
import { writtenText } from "./notice-text";
import { holdRefusal, isOwnershipRefusal, refusedWhole } from "./profile-refusal";
import { refreshProfiles } from "./refresh";
import { choiceForOrigin, settleOrigin } from "./renewal-sources";
import type { LaunchBinding } from "./renewal-store";
import { type AssumeChoice, decideRoles, type RoleDecision } from "./role-choice";

type SamlCapture = Extract<Capture, { kind: "saml" }>;

function signInOf(summary: SamlSummary, capture: SamlCapture, at: number): SignIn {
  return {
    at,
    sessionName: summary.sessionName,
    issuer: summary.issuer,
    partition: summary.partition,
    url: capture.url,
    from: capture.from,
    roles: summary.roles,
    written: [],
  };
}

/** A sign-in the host found no roles in: what the capture itself says (the host read nothing more). */
function noRolesSignIn(capture: SamlCapture, at: number): SignIn {
  const partition = parseSigninUrl(capture.url)?.partition ?? "aws";
  return {
    at,
    sessionName: null,
    issuer: null,
    partition,
    url: capture.url,
    from: capture.from,
    roles: [],
    written: [],
  };
}

/** Roles STS refused while others were written: said once, with the first refusal's advice. */
function partlyFailed(failed: RoleFailure[], at: number): UserError {
  const names = failed.map((f) => `${f.roleArn.split("/").pop()} (${f.error.message})`).join("; ");
  const first = failed[0]!.error;
  return {
    code: first.code,
    message: `${failed.length} ${failed.length === 1 ? "role was" : "roles were"} not written: ${names}`,
    hint: hintFor(first) ?? null,
    command: null,
    at,
  };
}

/** A replaced profile's old section: where the host saved it. */
const backupNote = (w: WrittenProfile) => w.backup && `The old ${w.profile} was saved in ${w.backup}.`;

/**
 * credentials.assume with the assertion, then what follows a fresh write. A profile bastionless
 * does not own is not an error here: it is held for the user's choice (profile-refusal.ts).
 */
export async function assume(
  ctx: Ctx,
  held: Omit<HeldAssertion, "id">,
  choice: AssumeChoice,
  /** A silent renewal says nothing when it works (docs/renewal.md); the popup shows its result. */
  quiet = false,
): Promise<WrittenProfile[]> {
  let reply: { profiles: WrittenProfile[]; failed?: RoleFailure[] };
  try {
    reply = await ctx.host.call("credentials.assume", {
      samlResponse: held.samlResponse,
      url: held.url,
      ...choice,
    });
  } catch (err) {
    const whole = refusedWhole(err);
    if (!whole) throw err;
    await holdRefusal(ctx, held, choice, [whole], null);
    return [];
  }
  const { profiles, failed = [] } = reply;
  const notOwned = failed.filter((f) => isOwnershipRefusal(f.error.code));
  const others = failed.filter((f) => !isOwnershipRefusal(f.error.code));
  const partly = others.length ? partlyFailed(others, ctx.now()) : null;
  await ctx.store.dispatch(
    { type: "signin/assumed", written: profiles },
    ...(partly ? [{ type: "error/set" as const, error: partly }] : []),
  );
  const notes = [...profiles.flatMap((p) => [p.durationNote, backupNote(p)]), partly?.message].filter(
    Boolean,
  );
  // Listed first so the notification can name each account (notice-text.ts).
  await refreshProfiles(ctx);
  if (profiles.length && !quiet)
    await ctx.notify.show(
      "sign-in",
      "AWS sign-in captured",
      [writtenText(profiles, (await ctx.store.read()).profiles), ...notes].join("\n"),
    );
  if (notOwned.length)
    await holdRefusal(
      ctx,
      held,
      choice,
      notOwned.map((f) => ({ code: f.error.code, message: f.error.message, hint: hintFor(f.error) ?? null })),
      notOwned,
    );
  await scheduleExpiryAlarms(ctx);
  return profiles;
}

async function holdForPicker(
  ctx: Ctx,
  capture: SamlCapture,
  summary: SamlSummary,
  signIn: SignIn,
): Promise<void> {
  const id = ctx.newId();
  const expiresAt = parseTime(summary.notOnOrAfter) ?? ctx.now() + DEFAULT_ASSERTION_LIFETIME_MS;
  await ctx.assertions.put({
    id,
    samlResponse: capture.samlResponse,
    url: capture.url,
    from: capture.from,
    expiresAt,
  });
  await ctx.store.dispatch({
    type: "signin/inspected",
    signIn,
    pending: { id, sessionName: summary.sessionName, roles: summary.roles, expiresAt },
  });
  ctx.alarms.create(assertionAlarm(id), { when: expiresAt });
  await ctx.setBadge(String(summary.roles.length));
  const who = summary.sessionName ? ` for ${summary.sessionName}` : "";
  await ctx.notify.show(
    "pick",
    "Choose an AWS role",
    `Sign-in captured${who}: ${summary.roles.length} roles. Open bastionless to choose one or all.`,
  );
}

export async function handleCapture(
  ctx: Ctx,
  capture: SamlCapture,
  /** The launch the sign-in's tab came from (renewal-store.ts), when known. */
  origin: LaunchBinding | null = null,
): Promise<void> {
  let written: WrittenProfile[] | null = null;
  // The host call goes out first and the bookkeeping runs while it is in flight: the assertion is
  // valid for minutes and the user is waiting (test/bench/browser-capture.ts measures this path).
  const inspecting = ctx.host
    .call("saml.inspect", { samlResponse: capture.samlResponse, url: capture.url })
    .catch(async (err) => {
      // Issue 11: a sign-in with no roles is still the last sign-in; the one before must not stay shown.
      if (err instanceof CodedError && err.code === "SAML_NO_ROLES")
        await ctx.store.dispatch({ type: "signin/no-roles", signIn: noRolesSignIn(capture, ctx.now()) });
      throw err;
    });
  inspecting.catch(() => undefined);
  const done = await withBusy(ctx, "sign-in", async () => {
    const [settings, summary, trust, renewing] = await Promise.all([
      ctx.settings(),
      inspecting,
      ctx.trust(),
      choiceForOrigin(ctx, origin),
      ctx.store.dispatch({ type: "capture/seen" }),
    ]);
    // The tenant pin comes before anything is remembered or written (issuer-pin.ts).
    const pin = decideIssuer(trust.pinnedIssuer, summary.issuer);
    if (pin.kind === "hold") return holdForTenant(ctx, capture, summary, pin);
    if (pin.kind === "pin") await ctx.saveTrust({ pinnedIssuer: pin.issuer });
    const remembered = ctx.rememberRoles(summary.roles);
    const signIn = signInOf(summary, capture, ctx.now());
    // A known source's sign-in assumes the same roles into the same profiles (issue 12).
    const decision: RoleDecision = renewing
      ? { kind: "assume", why: "mapped roles", choice: renewing }
      : decideRoles(summary.roles, settings);
    if (decision.kind !== "assume") await remembered;
    if (decision.kind === "no roles") {
      await ctx.store.dispatch({ type: "signin/no-roles", signIn });
      throw new NoRolesError();
    }
    if (decision.kind === "pick") return holdForPicker(ctx, capture, summary, signIn);
    // A newer automatic sign-in makes an older pending choice moot.
    const side = Promise.all([
      remembered,
      ctx.assertions.drop(),
      ctx.store.dispatch({ type: "signin/inspected", signIn, pending: null }, { type: "error/cleared" }),
      ctx.setBadge(""),
    ]);
    const sourceId = origin?.sourceId ? { sourceId: origin.sourceId } : {};
    try {
      const expiresAt = parseTime(summary.notOnOrAfter) ?? ctx.now() + DEFAULT_ASSERTION_LIFETIME_MS;
      written = await assume(
        ctx,
        { ...capture, expiresAt },
        { ...decision.choice, ...sourceId },
        Boolean(origin?.attemptId),
      );
    } finally {
      await side;
    }
  });
  await settleOrigin(
    ctx,
    origin,
    written,
    done.ok ? "The sign-in waits for your choice in the popup." : done.error.message,
  );
  // The popup is usually closed during a sign-in, so a failure is also a notification.
  if (!done.ok)
    await ctx.notify.show(
      "error",
      "AWS sign-in captured, but not used",
      `${done.error.message}${done.error.hint ? `\n${done.error.hint}` : ""}`,
    );
}

class NoRolesError extends HostLinkError {
  constructor() {
    super("NO_ROLES", "The sign-in carried no AWS roles.", {
      hint: "Ask your Entra ID admin to assign you a role in the AWS app (attribute https://aws.amazon.com/SAML/Attributes/Role).",
    });
  }
}
