/**
 * Countdowns and running times tick in the popup itself, once a second, by updating text in place
 * (never re-rendering, so focus and layout stay put). Elements carry data-until or data-since.
 */

import { h } from "../shared/dom";
import { expiryLevel, formatElapsed, formatRemaining } from "../shared/format";

export function countdown(until: number | null, warnMinutes: number, now: number, key?: string): HTMLElement {
  const el = h("span", {
    class: "countdown",
    "data-until": until ?? "",
    "data-warn": warnMinutes,
    "data-key": key,
  });
  paintCountdown(el, now);
  return el;
}

export function elapsed(since: number, now: number): HTMLElement {
  const el = h("span", { class: "elapsed", "data-since": since });
  el.textContent = formatElapsed(now - since);
  return el;
}

function paintCountdown(el: HTMLElement, now: number): void {
  const until = el.dataset.until ? Number(el.dataset.until) : null;
  const level = expiryLevel(until, now, Number(el.dataset.warn));
  const text = until === null ? "no expiry" : level === "expired" ? "expired" : formatRemaining(until - now);
  if (el.textContent !== text) el.textContent = text;
  if (el.dataset.level !== level) el.dataset.level = level;
}

export function tickLiveTimes(root: ParentNode, now: number): void {
  for (const el of root.querySelectorAll<HTMLElement>("[data-until]")) paintCountdown(el, now);
  for (const el of root.querySelectorAll<HTMLElement>("[data-since]"))
    el.textContent = formatElapsed(now - Number(el.dataset.since));
}
