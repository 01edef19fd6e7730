/**
 * Silent renewal's browser events, registered synchronously at the worker's top level like every
 * listener (index.ts): a My Apps launch seen in a tab, a renewal tab that finished loading, the
 * Sign in action on the notice, and the worker's start.
 */
import browser from "webextension-polyfill";
import { LAUNCHER_PATTERN } from "../shared/renewal";
import type { Ctx } from "./context";
import { noteLaunch, signInToSource } from "./renewal-actions";
import { onRenewalTabLoaded, scheduleRenewals } from "./renewal-runner";
import { syncSources } from "./renewal-sources";

const NOTICE = "renewal:";

/** A click on a renewal notice (or its Sign in button) is the Sign in action; false for other notices. */
export async function onRenewalNoticeClicked(ctx: Ctx, id: string): Promise<boolean> {
  if (!id.startsWith(NOTICE)) return false;
  await browser.notifications.clear(id);
  await signInToSource(ctx, id.slice(NOTICE.length)).catch(() => undefined);
  return true;
}

export function listenForRenewal(ctx: Ctx): void {
  // Fires only once the user granted the optional launcher permission (options, "Silent renewal").
  browser.webRequest.onBeforeRequest.addListener(
    (d) => {
      void noteLaunch(ctx, d.tabId, d.url);
      return undefined;
    },
    { urls: [LAUNCHER_PATTERN], types: ["main_frame"] },
  );
  browser.tabs.onUpdated.addListener((tabId, info, tab) => {
    if (tab.status !== "complete" || (info.status !== "complete" && info.title === undefined)) return;
    if (tab.url && tab.title) void onRenewalTabLoaded(ctx, tabId, tab.url, tab.title);
  });
  browser.notifications.onButtonClicked?.addListener((id) => void onRenewalNoticeClicked(ctx, id));
  void ctx.renewal.book.read().then(async (book) => {
    if (!book.enabled) return;
    await scheduleRenewals(ctx);
    await syncSources(ctx);
  });
}
