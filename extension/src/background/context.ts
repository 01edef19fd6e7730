/** What every background action gets: state, the host link, settings, notices, a clock. */
import type { RoleChoice } from "../../../contract/domain";
import type { Settings } from "../shared/settings";
import type { Busy, UserError } from "../shared/state";
import type { Trust } from "../shared/trust";
import type { AssertionStore } from "./assertion-store";
import { asHostLinkError, hostStateFor } from "./host-errors";
import type { HostLink } from "./host-link";
import type { IdpPosts } from "./idp-posts";
import type { Notifier } from "./notify";
import type { LaunchTabs, RenewalBookStore } from "./renewal-store";
import type { Store } from "./store";

export interface Alarms {
  create(name: string, info: { when: number }): void;
  clear(name: string): Promise<unknown>;
}

/** What silent renewal needs of the browser (docs/renewal.md). */
export interface RenewalIO {
  book: RenewalBookStore;
  tabs: LaunchTabs;
  /** Opens a launch URL where the user is not disturbed: a minimized window (docs/renewal.md). */
  openQuiet(url: string): Promise<{ windowId: number; tabId: number }>;
  closeWindow(windowId: number): Promise<void>;
  /** Opens a launch URL in a normal tab in front (the Sign in action). */
  openSignIn(url: string): Promise<{ tabId: number }>;
}

export interface Ctx {
  store: Store;
  host: HostLink;
  assertions: AssertionStore;
  notify: Notifier;
  alarms: Alarms;
  settings(): Promise<Settings>;
  saveSettings(patch: Partial<Settings>): Promise<void>;
  /** Trusted sign-in pages and the pinned tenant (shared/trust.ts). */
  trust(): Promise<Trust>;
  saveTrust(patch: Partial<Trust>): Promise<void>;
  idpPosts: IdpPosts;
  /** Roles seen in sign-ins, so the options page can name a profile per role. */
  rememberRoles(roles: RoleChoice[]): Promise<void>;
  setBadge(text: string): Promise<void>;
  /** Opens a URL in a new tab (the console login URL: the extension opens it, never the host). */
  openTab(url: string): Promise<void>;
  renewal: RenewalIO;
  now(): number;
  newId(): string;
}

/**
 * Runs an action with a busy marker; any failure becomes the popup's error (with what to do) and
 * is returned rather than thrown, so event listeners never end in an unhandled rejection.
 */
export async function withBusy<T>(
  ctx: Ctx,
  what: Busy,
  job: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: UserError }> {
  await ctx.store.dispatch({ type: "busy/start", what });
  try {
    const value = await job();
    return { ok: true, value };
  } catch (err) {
    const error = asHostLinkError(err).toUserError(ctx.now());
    const host = hostStateFor(error.code);
    await ctx.store.dispatch(
      { type: "error/set", error },
      ...(host ? [{ type: "host/failed" as const, state: host, at: error.at }] : []),
    );
    return { ok: false, error };
  } finally {
    await ctx.store.dispatch({ type: "busy/end", what });
  }
}
