/**
 * Background entry (MV3 service worker in Chromium, background script in Firefox). Every listener
 * is registered synchronously at top level, so an event wakes a stopped worker and is delivered
 * (docs/testing/browser-e2e.md §4, §6). No state lives in globals beyond the live ports.
 */
import browser from "webextension-polyfill";
import { SIGNIN_URL_PATTERNS } from "../../../contract/signin-endpoints";
import { POPUP_PORT } from "../shared/ui-messages";
import { acceptCapture } from "./accept-capture";
import { classifyRequest, type RequestLike } from "./capture";
import { onExpiryAlarm } from "./expiry-alarms";
import { keepPageNames, pageNamesMessage } from "./page-account-names";
import { onAssertionAlarm } from "./pick-roles";
import { PopupPorts } from "./popup-ports";
import { refreshTunnels } from "./refresh";
import { listenForRenewal, onRenewalNoticeClicked } from "./renewal-listeners";
import { onRenewalAlarm } from "./renewal-runner";
import { isActive } from "./tunnels";
import { answerUiRequest } from "./ui-requests";
import { BROWSER, createContext, loadSettings } from "./wiring";

const ctx = createContext();
const meta = { extensionVersion: browser.runtime.getManifest().version, browser: BROWSER };
const popups = new PopupPorts(ctx, meta);

async function onSigninRequest(details: RequestLike): Promise<void> {
  await acceptCapture(ctx, classifyRequest(details), (await loadSettings()).capture);
}

// Observe only: no "blocking", the request goes on untouched (design §1 step 2).
browser.webRequest.onBeforeRequest.addListener(
  (details) => {
    void onSigninRequest(details as RequestLike);
    return undefined;
  },
  { urls: [...SIGNIN_URL_PATTERNS] },
  ["requestBody"],
);

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id) return undefined;
  // A content script runs in a web page's tab: it may only hand over the sign-in page's names,
  // never a popup's request (page-account-names.ts). Our own pages (the popup, also when it is
  // opened in a tab) are on the extension's origin.
  if (!sender.url?.startsWith(browser.runtime.getURL(""))) {
    const accounts = pageNamesMessage(message, sender, browser.runtime.id);
    if (accounts) void keepPageNames(ctx, accounts);
    return undefined;
  }
  return answerUiRequest(ctx, message, meta);
});

browser.runtime.onConnect.addListener((port) => {
  if (port.name === POPUP_PORT && port.sender?.id === browser.runtime.id) popups.add(port);
});

browser.storage.onChanged.addListener((changes, area) => {
  if (
    (area === "session" && "state" in changes) ||
    area === "sync" ||
    (area === "local" && "renewal" in changes)
  )
    popups.push();
});

browser.alarms.onAlarm.addListener(async (alarm) => {
  if (await onAssertionAlarm(ctx, alarm.name)) return;
  if (await onRenewalAlarm(ctx, alarm.name)) return;
  await onExpiryAlarm(ctx, alarm.name);
});

// A notification click opens the popup where it can (Chromium 127+), else the same page in a tab.
browser.notifications.onClicked.addListener(async (id) => {
  if (await onRenewalNoticeClicked(ctx, id)) return;
  await browser.notifications.clear(id);
  try {
    await browser.action.openPopup();
  } catch {
    await browser.tabs.create({ url: browser.runtime.getURL("popup.html") });
  }
});

listenForRenewal(ctx);

// A worker restarted while tunnels run picks their events up again.
void ctx.store.read().then((state) => {
  if (state.tunnels.some(isActive)) void refreshTunnels(ctx);
});
