/**
 * Text from outside (a page's origin, an assertion's Issuer, a tenant name) made safe to show:
 * C0/C1 control characters and the Unicode bidi controls are removed, so a string cannot reorder
 * what is shown around it (U+202E) or smuggle terminal escapes (issue 17, "Display"), and it is
 * cut to a length a popup line can hold. Rendering stays text-only (popup/dom.ts).
 */

// C0 and DEL and C1; ALM, LRM/RLM; LRE..RLO; LRI..PDI (Unicode UAX #9 explicit formatting characters).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function displayText(value: string, max = 200): string {
  const clean = value.replace(UNSAFE, "");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
