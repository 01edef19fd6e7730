/**
 * The background's real I/O: browser storage, the native port, notifications, alarms, badge.
 * Everything else in background/ takes these through Ctx, so it runs in unit tests without a browser.
 */
import browser from "webextension-polyfill";
import type { RoleChoice } from "../../../contract/domain";
import { HOST_NAME } from "../../../contract/envelope";
import { parseSettings, SETTINGS_KEY, type Settings } from "../shared/settings";
import { parseTrust, TRUST_KEY, type Trust } from "../shared/trust";
import { createAssertionStore } from "./assertion-store";
import type { Ctx } from "./context";
import { disconnectReason, type PortLike } from "./host-connection";
import type { InstallTarget } from "./host-errors";
import { HostLink } from "./host-link";
import { createIdpPosts } from "./idp-posts";
import { createNotifier } from "./notify";
import { onRenewalRequested } from "./renewal-actions";
import { scheduleRenewals } from "./renewal-runner";
import { syncSources } from "./renewal-sources";
import { createLaunchTabs, createRenewalBookStore } from "./renewal-store";
import { createStore, serialQueue } from "./store";
import { onHostEvent } from "./tunnels";

declare const __BROWSER__: "chrome" | "firefox";
export const BROWSER: "chrome" | "firefox" = __BROWSER__;

const KNOWN_ROLES_KEY = "knownRoles";
const KNOWN_ROLES_MAX = 200;

/**
 * Settings are read several times per sign-in and storage.sync answers in tens of ms, so the
 * worker keeps them cached and drops the cache on any change (a stopped worker just re-reads).
 */
let settingsCache: Promise<Settings> | null = null;
browser.storage.onChanged.addListener((_changes, area) => {
  if (area === "sync") settingsCache = null;
});

export function loadSettings(): Promise<Settings> {
  settingsCache ??= browser.storage.sync.get(SETTINGS_KEY).then((v) => parseSettings(v[SETTINGS_KEY]));
  settingsCache.catch(() => {
    settingsCache = null;
  });
  return settingsCache;
}

const settingsQueue = serialQueue();
async function saveSettings(patch: Partial<Settings>): Promise<void> {
  await settingsQueue(async () => {
    const next = { ...(await loadSettings()), ...patch };
    await browser.storage.sync.set({ [SETTINGS_KEY]: next });
    settingsCache = Promise.resolve(next);
  });
}

/** Read fresh each time (once per sign-in): the options page writes it too. */
const loadTrust = async (): Promise<Trust> =>
  parseTrust((await browser.storage.local.get(TRUST_KEY))[TRUST_KEY]);
const trustQueue = serialQueue();
async function saveTrust(patch: Partial<Trust>): Promise<void> {
  await trustQueue(async () => {
    await browser.storage.local.set({ [TRUST_KEY]: { ...(await loadTrust()), ...patch } });
  });
}

const rolesQueue = serialQueue();
async function rememberRoles(roles: RoleChoice[]): Promise<void> {
  await rolesQueue(async () => {
    const raw = (await browser.storage.local.get(KNOWN_ROLES_KEY))[KNOWN_ROLES_KEY];
    const known = Array.isArray(raw) ? (raw as RoleChoice[]) : [];
    const merged = [...roles, ...known.filter((k) => !roles.some((r) => r.roleArn === k?.roleArn))].slice(
      0,
      KNOWN_ROLES_MAX,
    );
    await browser.storage.local.set({ [KNOWN_ROLES_KEY]: merged });
  });
}

export function installTarget(): InstallTarget {
  return { browser: BROWSER, extensionId: browser.runtime.id };
}

/** Built once per worker life; state itself is in storage.session, not here. */
export function createContext(): Ctx {
  const store = createStore(browser.storage.session);
  // Notification buttons are Chromium's; Firefox refuses the option (docs/renewal.md).
  const notify = createNotifier(browser.notifications, loadSettings, BROWSER === "chrome");
  const ctx: Ctx = {
    store,
    notify,
    host: undefined as unknown as HostLink,
    assertions: createAssertionStore(browser.storage.session),
    alarms: {
      create: (name, info) => browser.alarms.create(name, info),
      clear: (name) => browser.alarms.clear(name),
    },
    settings: loadSettings,
    saveSettings,
    trust: loadTrust,
    saveTrust,
    idpPosts: createIdpPosts(browser.storage.session),
    rememberRoles,
    setBadge: async (text) => {
      await browser.action.setBadgeText({ text });
      if (text) await browser.action.setBadgeBackgroundColor({ color: "#b45309" });
    },
    openTab: async (url) => {
      await browser.tabs.create({ url });
    },
    renewal: {
      book: createRenewalBookStore(browser.storage.local, async () => (await loadTrust()).idpOrigins),
      tabs: createLaunchTabs(browser.storage.session),
      openQuiet: async (url) => {
        // Minimized AND unfocused: "minimized" alone still took focus in Chromium on X11 (and
        // headless); with focused: false it did not (docs/renewal.md, measured). A browser that
        // refuses the pair gets the window minimized alone.
        const w = await browser.windows
          .create({ url, state: "minimized", focused: false })
          .catch(() => browser.windows.create({ url, state: "minimized" }));
        const tabId = w.tabs?.[0]?.id;
        if (w.id === undefined || tabId === undefined) throw new Error("the window has no tab");
        return { windowId: w.id, tabId };
      },
      closeWindow: async (windowId) => {
        await browser.windows.remove(windowId);
      },
      openSignIn: async (url) => {
        const tab = await browser.tabs.create({ url, active: true });
        if (tab.id === undefined) throw new Error("the tab has no id");
        return { tabId: tab.id };
      },
    },
    now: () => Date.now(),
    newId: () => crypto.randomUUID().replaceAll("-", ""),
  };
  ctx.host = new HostLink({
    connect: () => browser.runtime.connectNative(HOST_NAME) as unknown as PortLike,
    disconnectReason,
    target: installTarget(),
    onHello: async (host) => {
      await store.dispatch({ type: "host/checked", host });
      // Every new conversation learns the sources again (PROTOCOL.md renewal.sources.set); not
      // awaited, since a call made here waits for this very hello.
      if (host.capabilities.includes("renewal.sources.set"))
        void scheduleRenewals(ctx).then(() => syncSources(ctx));
    },
    onEvent: (event) =>
      void (event.event === "renewal.requested" ? onRenewalRequested(ctx, event) : onHostEvent(ctx, event)),
    onLost: (error) => void store.dispatch({ type: "error/set", error: error.toUserError(Date.now()) }),
    now: () => Date.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  });
  return ctx;
}
