/**
 * The remote desktop follows the tab's size. After the tab stops changing size for
 * RESIZE_SETTLE_MS, the session asks the server for the new size through the Display Control
 * virtual channel (MS-RDPEDISP 2.2.2.2, DISPLAYCONTROL_MONITOR_LAYOUT_PDU). A server without that
 * channel (FreeRDP's shadow server, Windows before 8.1/2012 R2) ignores it: IronRDP's
 * ActiveStage::encode_resize sends nothing then, and the page scales the desktop to fit the tab
 * instead. Reconnecting at the new size is not done: the page keeps no copy of the password.
 * Pure: the timer is passed in.
 */

/** MS-RDPEDISP 2.2.2.2.1: width and height 200..8192, width even. */
const MIN = 200;
const MAX = 8192;
export const RESIZE_SETTLE_MS = 400;

export interface Size {
  width: number;
  height: number;
}

export interface ResizeTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The size to ask the server for, for a tab's CSS pixel size. */
export function desktopSizeFor(tab: Size): Size {
  const clamp = (v: number) => Math.min(MAX, Math.max(MIN, Math.floor(v)));
  return { width: clamp(tab.width) & ~1, height: clamp(tab.height) };
}

/** Where the desktop's canvas goes in the tab: scaled down to fit, aspect kept, never enlarged. */
export function fitInto(desktop: Size, tab: Size): Size {
  const scale = Math.min(1, tab.width / desktop.width, tab.height / desktop.height);
  return { width: Math.floor(desktop.width * scale), height: Math.floor(desktop.height * scale) };
}

/**
 * Collects size changes; `request` runs once the changes settle, with the last size, and only
 * when it differs from what was last asked for.
 */
export function settleResizes(
  timers: ResizeTimers,
  initial: Size,
  request: (s: Size) => void,
): (tab: Size) => void {
  let pending: unknown = null;
  let asked = initial;
  return (tab) => {
    if (pending !== null) timers.clear(pending);
    pending = timers.set(() => {
      pending = null;
      const want = desktopSizeFor(tab);
      if (want.width === asked.width && want.height === asked.height) return;
      asked = want;
      request(want);
    }, RESIZE_SETTLE_MS);
  };
}
