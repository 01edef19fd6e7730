/**
 * A tiny element builder. Text always goes in as text nodes, never as HTML, so nothing from an
 * assertion, a profile name or an instance tag can inject markup into the extension's pages.
 */
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/**
 * Replaces a panel's content, keeping keyboard focus on the element with the same data-key, so a
 * live update never throws the user's focus back to the top.
 */
export function replaceContent(target: HTMLElement, ...children: Child[]): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active && target.contains(active) ? active.dataset.key : undefined;
  target.replaceChildren(
    ...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
  );
  if (key) target.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
}
