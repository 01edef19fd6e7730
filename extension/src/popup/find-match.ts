/**
 * The popup's search (issue 11, "Popup that scales"): pure matching and keyboard movement, so
 * the rules are unit-tested apart from the DOM (find-bar.ts applies them).
 */

/** The words of a query, lower-cased; an empty query has none and matches everything. */
export const findWords = (query: string): string[] => query.toLowerCase().split(/\s+/).filter(Boolean);

/** Every word appears somewhere in the row's text (name, id, account, tag: in any order). */
export const matchesAll = (words: readonly string[], haystack: string): boolean => {
  const text = haystack.toLowerCase();
  return words.every((w) => text.includes(w));
};

export type MoveKey = "ArrowDown" | "ArrowUp" | "Home" | "End";
export const isMoveKey = (k: string): k is MoveKey =>
  k === "ArrowDown" || k === "ArrowUp" || k === "Home" || k === "End";

/**
 * The next row to focus among `count` visible ones; `current` is -1 when focus is in the search
 * box. Up from the first row returns -1 (back to the search box); Down stops at the last.
 */
export function moveIndex(current: number, count: number, key: MoveKey): number {
  if (count === 0) return -1;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  if (key === "ArrowDown") return Math.min(current + 1, count - 1);
  return current <= 0 ? -1 : current - 1;
}

/** "3 of 40" when the filter hides some; "" when it hides nothing. */
export const shownText = (shown: number, total: number): string =>
  shown === total ? "" : shown === 0 ? "No match" : `${shown} of ${total}`;
