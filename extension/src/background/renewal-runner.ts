/**
 * Silent renewal's moves (issue 12, docs/renewal.md): start an attempt (open the source's launch
 * URL in a minimized window and wait for its SAML POST, which takes the usual capture path and its
 * who-sent-it checks), end it (close the window, answer the host's waiting requests, tell the user
 * once when Entra wants them), and keep one alarm per source for the next attempt. The decisions
 * are shared/renewal-schedule.ts's; this file only carries them out.
 */

import { type SourceRecord, timingOf } from "../shared/renewal";
import type { RenewalOutcome, RenewalTrigger } from "../shared/renewal-schedule";
import { finishRenewal, nextRenewalAt, startRenewal, timeOutRenewal } from "../shared/renewal-schedule";
import { ENTRA_LOGIN_ORIGINS } from "../shared/trust";
import type { Ctx } from "./context";

const ALARM = "renew:";
const TIMEOUT_ALARM = "renew-timeout:";
/** Entra's page that auto-posts the SAMLResponse is titled so; any other finished page is a prompt. */
const ENTRA_AUTOPOST_TITLE = "Working...";

export const noticeId = (sourceId: string) => `renewal:${sourceId}` as const;

const WHY_NOT: Record<string, string> = {
  "needs-user": "Entra ID wants you to sign in first.",
  "too-soon": "It was renewed moments ago; the next renewal is not due yet.",
  off: "Silent renewal is off for this sign-in.",
};

/** One alarm per source at its next attempt; none when nothing is due. */
export async function scheduleRenewals(ctx: Ctx): Promise<void> {
  const [book, settings] = await Promise.all([ctx.renewal.book.read(), ctx.settings()]);
  const t = timingOf(settings);
  for (const r of book.records) {
    const at = nextRenewalAt(r.run, book.enabled && r.source.renew, t);
    if (at === null) await ctx.alarms.clear(ALARM + r.source.id);
    else ctx.alarms.create(ALARM + r.source.id, { when: Math.max(at, ctx.now() + 1000) });
  }
  const renewing = book.enabled && book.records.some((r) => r.source.renew);
  if (renewing !== ctx.host.keeping("renewal")) ctx.host.keep("renewal", renewing);
}

async function reportToHost(ctx: Ctx, requestIds: string[], outcome: RenewalOutcome, message?: string) {
  for (const requestId of requestIds)
    await ctx.host
      .call("renewal.report", { requestId, outcome, ...(message ? { message: message.slice(0, 1024) } : {}) })
      .catch(() => undefined); // the CLI has its own time-out; nothing else waits for this
}

/** Starts an attempt for a source, if the schedule allows; a host request joins the outcome. */
export async function renewSource(
  ctx: Ctx,
  sourceId: string,
  trigger: RenewalTrigger,
  requestId?: string,
): Promise<void> {
  const [settings, now, id] = [await ctx.settings(), ctx.now(), ctx.newId()];
  let refused: string | null = null;
  let record: SourceRecord | undefined;
  await ctx.renewal.book.update((b) => {
    const records = b.records.map((r) => {
      if (r.source.id !== sourceId) return r;
      const requests = requestId ? [...r.requests, requestId] : r.requests;
      const d = startRenewal(
        r.run,
        { now, id, trigger, renewOn: b.enabled && r.source.renew },
        timingOf(settings),
      );
      if (!d.start) {
        refused = d.why;
        // A running attempt answers the request when it ends; a refusal answers it now.
        return { ...r, requests: d.why === "running" ? requests : r.requests };
      }
      record = { ...r, run: d.run, requests };
      return record;
    });
    return { ...b, records };
  });
  if (refused !== null) {
    if (requestId && refused !== "running")
      await reportToHost(
        ctx,
        [requestId],
        refused === "needs-user" ? "interaction-required" : "failed",
        WHY_NOT[refused],
      );
    return;
  }
  if (!record) {
    if (requestId) await reportToHost(ctx, [requestId], "failed", "No such sign-in source in the extension.");
    return;
  }
  const attempt = (record as SourceRecord).run.attempt!;
  await ctx.notify.clear(noticeId(sourceId));
  try {
    const { windowId, tabId } = await ctx.renewal.openQuiet((record as SourceRecord).source.launchUrl);
    await ctx.renewal.tabs.bind({
      tabId,
      windowId,
      launchUrl: (record as SourceRecord).source.launchUrl,
      sourceId,
      attemptId: attempt.id,
      at: now,
    });
    ctx.alarms.create(TIMEOUT_ALARM + sourceId, { when: attempt.deadline });
  } catch (err) {
    await endAttempt(
      ctx,
      sourceId,
      attempt.id,
      "failed",
      `The browser could not open the sign-in: ${(err as Error).message}`,
    );
  }
}

/** The attempt ended: window closed, requests answered, the user told once, next alarm set. */
export async function endAttempt(
  ctx: Ctx,
  sourceId: string,
  attemptId: string,
  outcome: RenewalOutcome,
  message?: string,
  credentials?: { expiresAt: number; writtenAt: number },
  /** The attempt's window when its tab binding was already taken (the sign-in arrived in it). */
  windowId: number | null = null,
): Promise<void> {
  const now = ctx.now();
  let notify = false;
  let requests: string[] = [];
  let launchUrl = "";
  let name = "";
  await ctx.renewal.book.update((b) => ({
    ...b,
    records: b.records.map((r) => {
      if (r.source.id !== sourceId) return r;
      const f = finishRenewal(r.run, { now, attemptId, outcome, message, credentials });
      if (f.run === r.run) return r;
      notify = f.notify;
      requests = r.requests;
      launchUrl = r.source.launchUrl;
      name = r.source.name;
      return { ...r, run: f.run, requests: [] };
    }),
  }));
  const windows = new Set((await ctx.renewal.tabs.takeAttempt(attemptId)).map((b) => b.windowId));
  if (windowId !== null) windows.add(windowId);
  for (const w of windows) if (w !== null) await ctx.renewal.closeWindow(w).catch(() => undefined);
  await ctx.alarms.clear(TIMEOUT_ALARM + sourceId);
  if (launchUrl) await reportToHost(ctx, requests, outcome, message);
  if (notify)
    await ctx.notify.show(
      noticeId(sourceId),
      `Sign in to renew ${name}`,
      "Entra ID wants you to sign in again (session ended, MFA or a policy). bastionless will not try again until you do.",
      "Sign in",
    );
  await scheduleRenewals(ctx);
}

/** The alarms of this file; false for anyone else's. */
export async function onRenewalAlarm(ctx: Ctx, name: string): Promise<boolean> {
  if (name.startsWith(TIMEOUT_ALARM)) {
    const sourceId = name.slice(TIMEOUT_ALARM.length);
    const r = (await ctx.renewal.book.read()).records.find((x) => x.source.id === sourceId);
    const t = r && timeOutRenewal(r.run, ctx.now());
    if (r?.run.attempt && t && t.run !== r.run)
      await endAttempt(
        ctx,
        sourceId,
        r.run.attempt.id,
        "interaction-required",
        t.run.last?.message ?? undefined,
      );
    return true;
  }
  if (!name.startsWith(ALARM)) return false;
  await renewSource(ctx, name.slice(ALARM.length), "schedule");
  return true;
}

/**
 * A renewal's tab finished loading a page on Entra's sign-in origin that is not the auto-post
 * page: Entra is prompting (sign-in, MFA, Conditional Access), so the attempt ends at once rather
 * than at the time-out. Reading the title needs no more than the host permission we hold for it.
 */
export async function onRenewalTabLoaded(ctx: Ctx, tabId: number, url: string, title: string): Promise<void> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return;
  }
  if (!ENTRA_LOGIN_ORIGINS.includes(origin) || !title || title === ENTRA_AUTOPOST_TITLE) return;
  const b = await ctx.renewal.tabs.peek(tabId, ctx.now());
  if (!b?.attemptId || !b.sourceId) return;
  await endAttempt(
    ctx,
    b.sourceId,
    b.attemptId,
    "interaction-required",
    "Entra ID shows a sign-in page: it wants you to sign in.",
  );
}
