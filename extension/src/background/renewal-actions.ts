/**
 * What the user and the host ask of renewal: Renew now, Sign in, a source on or off, a launch URL
 * pasted in the options, renewal on or off as a whole, and the host's renewal.requested (a CLI
 * wants fresh keys). Also where a My Apps launch the browser shows us is noted for its tab.
 */

import type { RenewalRequestedEvent } from "../../../contract/events";
import { checkSignInSource, isLaunchUrl, SOURCES_MAX } from "../../../contract/signin-source";
import { IDLE_RUN } from "../shared/renewal-schedule";
import type { Ctx } from "./context";
import { HostLinkError } from "./host-errors";
import { noticeId, renewSource, scheduleRenewals } from "./renewal-runner";
import { syncSources } from "./renewal-sources";

const notFound = () =>
  new HostLinkError("RENEWAL_SOURCE_GONE", "That sign-in source is not known any more.", {
    hint: "Reopen the popup; sources come from your sign-ins through My Apps, or the options.",
  });

async function sourceOf(ctx: Ctx, sourceId: string) {
  const r = (await ctx.renewal.book.read()).records.find((x) => x.source.id === sourceId);
  if (!r) throw notFound();
  return r;
}

export async function renewNow(ctx: Ctx, sourceId: string): Promise<void> {
  await sourceOf(ctx, sourceId);
  await renewSource(ctx, sourceId, "user");
}

/** The Sign in action: the launch URL in a normal tab, in front; its sign-in resumes renewal. */
export async function signInToSource(ctx: Ctx, sourceId: string): Promise<void> {
  const r = await sourceOf(ctx, sourceId);
  await ctx.notify.clear(noticeId(sourceId));
  const { tabId } = await ctx.renewal.openSignIn(r.source.launchUrl);
  await ctx.renewal.tabs.bind({
    tabId,
    windowId: null,
    launchUrl: r.source.launchUrl,
    sourceId,
    attemptId: null,
    at: ctx.now(),
  });
}

async function changed(ctx: Ctx): Promise<void> {
  await syncSources(ctx);
  await scheduleRenewals(ctx);
}

export async function setSourceRenew(ctx: Ctx, sourceId: string, renew: boolean): Promise<void> {
  await sourceOf(ctx, sourceId);
  await ctx.renewal.book.update((b) => ({
    ...b,
    records: b.records.map((r) => (r.source.id === sourceId ? { ...r, source: { ...r.source, renew } } : r)),
  }));
  await changed(ctx);
}

export async function removeSource(ctx: Ctx, sourceId: string): Promise<void> {
  await ctx.renewal.book.update((b) => ({
    ...b,
    records: b.records.filter((r) => r.source.id !== sourceId),
  }));
  await ctx.notify.clear(noticeId(sourceId));
  await changed(ctx);
}

const badUrl = () =>
  new HostLinkError("LAUNCH_URL_INVALID", "That is not a launch URL bastionless can open.", {
    hint: "Paste the AWS app's User access URL from Entra (https://launcher.myapps.microsoft.com/api/signin/<app id>?tenantId=<tenant>), or a URL on a trusted sign-in page.",
  });

/** A launch URL pasted in the options: a source without profiles until its first sign-in. */
export async function addSource(ctx: Ctx, launchUrl: string, name: string): Promise<void> {
  const trust = await ctx.trust();
  if (!isLaunchUrl(launchUrl, trust.idpOrigins)) throw badUrl();
  const id = ctx.newId();
  await ctx.renewal.book.update((b) => {
    if (b.records.some((r) => r.source.launchUrl === launchUrl) || b.records.length >= SOURCES_MAX) return b;
    const source = checkSignInSource({ id, name, launchUrl, renew: true }, "source", trust.idpOrigins);
    if (b.records.some((r) => r.source.name === source.name)) return b;
    return { ...b, records: [...b.records, { source, profiles: [], run: IDLE_RUN, requests: [] }] };
  });
  await changed(ctx);
}

/** Renewal on or off as a whole (the options page asked the browser for the launcher permission first). */
export async function setRenewalEnabled(ctx: Ctx, enabled: boolean): Promise<void> {
  await ctx.renewal.book.update((b) => ({ ...b, enabled }));
  await changed(ctx);
}

/** A My Apps launch opened in a tab (webRequest, with the optional launcher permission). */
export async function noteLaunch(ctx: Ctx, tabId: number, url: string): Promise<void> {
  if (tabId < 0) return;
  const book = await ctx.renewal.book.read();
  if (!book.enabled) return;
  const known = book.records.find((r) => r.source.launchUrl === url);
  const bound = await ctx.renewal.tabs.peek(tabId, ctx.now());
  const { attemptId = null, windowId = null } = bound ?? {};
  await ctx.renewal.tabs.bind({
    tabId,
    launchUrl: url,
    sourceId: known?.source.id ?? bound?.sourceId ?? null,
    attemptId,
    windowId,
    at: ctx.now(),
  });
}

/** The host's renewal.requested: renew the named source, else the one that wrote the profile. */
export async function onRenewalRequested(ctx: Ctx, e: RenewalRequestedEvent): Promise<void> {
  const book = await ctx.renewal.book.read();
  const byId = book.records.find((r) => r.source.id === e.sourceId);
  const byProfile = book.records.find((r) => e.profile && r.profiles.some((p) => p.profile === e.profile));
  const targets =
    (byId ?? byProfile) ? [byId ?? byProfile!] : e.profile ? [] : book.records.filter((r) => r.source.renew);
  if (!targets.length) {
    await ctx.host
      .call("renewal.report", {
        requestId: e.requestId,
        outcome: "failed",
        message: `No sign-in source in the browser wrote ${e.profile ?? "a profile"}: sign in from My Apps once.`,
      })
      .catch(() => undefined);
    return;
  }
  for (const r of targets) await renewSource(ctx, r.source.id, "host", e.requestId);
}
