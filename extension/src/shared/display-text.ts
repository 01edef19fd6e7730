/**
 * Text from outside (a page's origin, an assertion's Issuer, a tenant name) made safe to show in
 * the popup and options: the one sanitizer rule of contract/display-text.ts (issue 17, "Display"),
 * then cut to a length a popup line can hold. Rendering stays text-only (popup/dom.ts).
 */
import { displayText as safeText } from "../../../contract/display-text";

export function displayText(value: string, max = 200): string {
  const clean = safeText(value);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
