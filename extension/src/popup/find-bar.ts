/**
 * The popup's search box (issue 11, "Popup that scales": search roles and instances by name, id
 * or tag, keyboard first). Focused when the popup opens; typing filters the rows every panel
 * marks with data-find (their text to search), arrow keys move between the rows that are
 * shown and Enter acts on the focused one, Escape clears. Panels re-render on their own, so the
 * filter is applied again after each change to <main>; hiding is an attribute change, which
 * does not wake the observer again.
 */
import { findWords, isMoveKey, matchesAll, moveIndex, shownText } from "./find-match";

const ROWS = "[data-find]";
/** The control a row acts through: its first radio (the role picker) or its first button. */
const primaryOf = (row: HTMLElement) =>
  row.querySelector<HTMLElement>("input[type=radio], button:not([disabled])") ??
  row.querySelector<HTMLElement>("button");

export function startFindBar(doc: Document): void {
  const bar = doc.getElementById("find");
  const input = doc.getElementById("find-input") as HTMLInputElement | null;
  const count = doc.getElementById("find-count");
  const main = doc.querySelector("main");
  if (!bar || !input || !count || !main) return;

  let opened = false;
  const rows = () => [...main.querySelectorAll<HTMLElement>(ROWS)];
  const shown = () => rows().filter((r) => !r.hidden && r.closest("section:not([hidden])"));

  const apply = () => {
    const words = findWords(input.value);
    const all = rows();
    let visible = 0;
    for (const row of all) {
      const hit = matchesAll(words, row.dataset.find ?? "");
      if (row.hidden === hit) row.hidden = !hit;
      if (hit) visible++;
    }
    // A hidden role must not be the one "Write profile" submits: the first shown role is picked.
    const checked = main.querySelector<HTMLInputElement>("#picker input[type=radio]:checked");
    const firstRole = main.querySelector<HTMLElement>("#picker [data-find]:not([hidden]) input[type=radio]");
    if (checked?.closest<HTMLElement>("[data-find]")?.hidden && firstRole) choose(firstRole);
    bar.hidden = all.length === 0 && input.value === "";
    // Focus on open (keyboard first): once, when the first rows arrive, unless the user is elsewhere.
    if (!opened && !bar.hidden) {
      opened = true;
      if (doc.activeElement === doc.body || doc.activeElement === null) input.focus();
    }
    const text = shownText(visible, all.length);
    if (count.textContent !== text) count.textContent = text;
  };

  const choose = (el: HTMLElement) => {
    if (el instanceof HTMLInputElement && el.type === "radio" && !el.checked) {
      el.checked = true;
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };

  const move = (key: Parameters<typeof moveIndex>[2], from: Element | null) => {
    const targets = shown()
      .map(primaryOf)
      .filter((x): x is HTMLElement => !!x);
    const current = targets.indexOf(from as HTMLElement);
    if (from !== input && current < 0) return false;
    const next = moveIndex(current, targets.length, key);
    const el = next < 0 ? input : targets[next]!;
    el.focus();
    // A radio focused by script is not checked; checking it keeps Enter's submit on what is focused.
    choose(el);
    return true;
  };

  input.addEventListener("input", apply);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && input.value) {
      input.value = "";
      apply();
      e.preventDefault();
    } else if (e.key === "Enter") {
      e.preventDefault();
      move("Home", input);
    }
  });
  doc.addEventListener("keydown", (e) => {
    if (!isMoveKey(e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
    // In the search box Home/End keep moving the caret.
    if (doc.activeElement === input && (e.key === "Home" || e.key === "End")) return;
    if (move(e.key, doc.activeElement)) e.preventDefault();
  });
  new MutationObserver(apply).observe(main, { childList: true, subtree: true });
  apply();
}
