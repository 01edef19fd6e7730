/**
 * The background's answers to the popup and options pages: one handler per UiRequest type in a
 * typed table (style §3). Each returns nothing; the reply is always the fresh Status.
 */
import { ValidationIssue } from "../../../contract/validate";
import type { Status } from "../shared/state";
import { parseUiRequest, type UiReply, type UiRequest } from "../shared/ui-messages";
import { openSavedConnection } from "./connections";
import { type Ctx, withBusy } from "./context";
import { openConsole } from "./open-console";
import { cancelPick, pickRoles } from "./pick-roles";
import { refreshAll, refreshInstances } from "./refresh";
import {
  addSource,
  removeSource,
  renewNow,
  setRenewalEnabled,
  setSourceRenew,
  signInToSource,
} from "./renewal-actions";
import { reopenRdp } from "./reopen-rdp";
import { keepRefused, replaceRefused } from "./replace-profile";
import { discardHeld, trustHeld } from "./tenant-choice";
import { connect, stop } from "./tunnels";

/** A renewal action's failure becomes the popup's error, like every other action (withBusy). */
const renewal = async (ctx: Ctx, job: () => Promise<void>) => void (await withBusy(ctx, "renewal", job));

type Handlers = { [K in UiRequest["type"]]: (ctx: Ctx, r: Extract<UiRequest, { type: K }>) => Promise<void> };

const HANDLERS: Handlers = {
  status: async () => {},
  refresh: (ctx) => refreshAll(ctx, true),
  pick: (ctx, r) =>
    pickRoles(
      ctx,
      r.pendingId,
      r.allRoles
        ? { allRoles: true }
        : { allRoles: false, roleArn: r.roleArn!, ...(r.profile ? { profile: r.profile } : {}) },
      r.remember,
    ),
  "cancel-pick": (ctx, r) => cancelPick(ctx, r.pendingId),
  "trust-held": (ctx, r) => trustHeld(ctx, r.heldId),
  "discard-held": (ctx, r) => discardHeld(ctx, r.heldId),
  select: async (ctx, r) => {
    await ctx.store.dispatch({ type: "selection/set", profile: r.profile, region: r.region });
    await refreshInstances(ctx, false);
  },
  connect: (ctx, r) => connect(ctx, r.instanceId),
  stop: (ctx, r) => stop(ctx, r.tunnelId),
  "reopen-rdp": (ctx, r) => reopenRdp(ctx, r.tunnelId),
  "open-console": (ctx, r) => openConsole(ctx, r.profile),
  "open-connection": (ctx, r) => openSavedConnection(ctx, r.name),
  "replace-profile": (ctx, r) => replaceRefused(ctx, r.refusalId),
  "keep-profile": (ctx, r) => keepRefused(ctx, r.refusalId),
  "dismiss-error": async (ctx) => {
    await ctx.store.dispatch({ type: "error/cleared" });
  },
  "renew-now": (ctx, r) => renewal(ctx, () => renewNow(ctx, r.sourceId)),
  "renewal-sign-in": (ctx, r) => renewal(ctx, () => signInToSource(ctx, r.sourceId)),
  "renewal-toggle": (ctx, r) => renewal(ctx, () => setSourceRenew(ctx, r.sourceId, r.renew)),
  "renewal-remove": (ctx, r) => renewal(ctx, () => removeSource(ctx, r.sourceId)),
  "renewal-add": (ctx, r) => renewal(ctx, () => addSource(ctx, r.launchUrl, r.name)),
  "renewal-enable": (ctx, r) => renewal(ctx, () => setRenewalEnabled(ctx, r.enabled)),
};

export async function makeStatus(
  ctx: Ctx,
  meta: Pick<Status, "extensionVersion" | "browser">,
): Promise<Status> {
  const [state, settings, renewal] = await Promise.all([
    ctx.store.read(),
    ctx.settings(),
    ctx.renewal.book.read(),
  ]);
  return { state, settings, renewal, ...meta, now: ctx.now() };
}

export async function answerUiRequest(
  ctx: Ctx,
  message: unknown,
  meta: Pick<Status, "extensionVersion" | "browser">,
): Promise<UiReply> {
  let request: UiRequest;
  try {
    request = parseUiRequest(message);
  } catch (err) {
    const detail = err instanceof ValidationIssue ? err.message : "unreadable";
    const error = {
      code: "BAD_UI_REQUEST",
      message: `The extension page sent a request the background cannot read (${detail}).`,
      hint: "Reload the extension.",
      command: null,
      at: ctx.now(),
    };
    return { ok: false, error, status: await makeStatus(ctx, meta) };
  }
  const handler = HANDLERS[request.type] as (c: Ctx, r: UiRequest) => Promise<void>;
  await handler(ctx, request);
  return { ok: true, status: await makeStatus(ctx, meta) };
}
