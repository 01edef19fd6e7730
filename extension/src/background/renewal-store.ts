/**
 * Where renewal keeps its records (storage.local, shared/renewal.ts) and which tabs a sign-in may
 * come back in (storage.session: a tab id means nothing after a restart). Both written through one
 * queue each, since storage get+set is not atomic (docs/testing/browser-e2e.md §4).
 */
import { parseRenewalBook, RENEWAL_KEY, type RenewalBook } from "../shared/renewal";
import { type StorageAreaLike, serialQueue } from "./store";

export interface RenewalBookStore {
  read(): Promise<RenewalBook>;
  /** Applies `change` to the current book in one write; resolves with the new book. */
  update(change: (b: RenewalBook) => RenewalBook): Promise<RenewalBook>;
}

export function createRenewalBookStore(
  area: StorageAreaLike,
  idpOrigins: () => Promise<readonly string[]>,
): RenewalBookStore {
  const queue = serialQueue();
  const get = async () => parseRenewalBook((await area.get(RENEWAL_KEY))[RENEWAL_KEY], await idpOrigins());
  return {
    read: () => queue(get),
    update: (change) =>
      queue(async () => {
        const next = change(await get());
        await area.set({ [RENEWAL_KEY]: next });
        return next;
      }),
  };
}

/**
 * A tab a sign-in may arrive in, and where it came from: a My Apps launch the browser showed us
 * (detected), a renewal window we opened (attemptId), or the Sign in action's tab.
 */
export interface LaunchBinding {
  tabId: number;
  launchUrl: string;
  sourceId: string | null;
  attemptId: string | null;
  windowId: number | null;
  at: number;
}

export const LAUNCH_TABS_KEY = "launchTabs";
/** A launch that has not posted within this long is no longer the origin of that tab's sign-in. */
const KEEP_MS = 15 * 60_000;
const MAX = 20;

export interface LaunchTabs {
  bind(b: LaunchBinding): Promise<void>;
  /** The binding of a tab, left in place (a renewal's prompt check reads it). */
  peek(tabId: number, now: number): Promise<LaunchBinding | null>;
  /** The binding of a tab, removed: one sign-in per launch. */
  take(tabId: number, now: number): Promise<LaunchBinding | null>;
  /** Every binding of an attempt, removed (its window is being closed). */
  takeAttempt(attemptId: string): Promise<LaunchBinding[]>;
}

export function createLaunchTabs(area: StorageAreaLike): LaunchTabs {
  const queue = serialQueue();
  const read = async (now: number): Promise<LaunchBinding[]> => {
    const v = (await area.get(LAUNCH_TABS_KEY))[LAUNCH_TABS_KEY];
    return Array.isArray(v)
      ? v.filter(
          (b: LaunchBinding) =>
            typeof b?.tabId === "number" && typeof b.at === "number" && b.at + KEEP_MS > now,
        )
      : [];
  };
  const write = (list: LaunchBinding[]) => area.set({ [LAUNCH_TABS_KEY]: list.slice(0, MAX) });
  return {
    bind: (b) =>
      queue(async () => {
        await write([b, ...(await read(b.at)).filter((x) => x.tabId !== b.tabId)]);
      }),
    peek: (tabId, now) => queue(async () => (await read(now)).find((b) => b.tabId === tabId) ?? null),
    take: (tabId, now) =>
      queue(async () => {
        const all = await read(now);
        const hit = all.find((b) => b.tabId === tabId) ?? null;
        if (hit) await write(all.filter((b) => b !== hit));
        return hit;
      }),
    takeAttempt: (attemptId) =>
      queue(async () => {
        const all = await read(0);
        const hits = all.filter((b) => b.attemptId === attemptId);
        if (hits.length) await write(all.filter((b) => b.attemptId !== attemptId));
        return hits;
      }),
  };
}
