/**
 * The extension ids the host serves by default. The Chromium id is derived from the public "key"
 * in manifests/chrome.json (so unpacked development builds and the store build share it); the
 * Firefox id is browser_specific_settings.gecko.id in manifests/firefox.json.
 * `bastionless install --extension-id ID` adds others (e.g. a self-published build).
 */
export const CHROMIUM_EXTENSION_IDS: readonly string[] = ["kokbnelligicogechcoofickipeemloj"];
export const FIREFOX_EXTENSION_IDS: readonly string[] = ["bastionless@bastionless.dev"];

export const chromiumOrigin = (id: string): string => `chrome-extension://${id}/`;

// Chromium derives ids from the key hash as 32 letters a–p; Firefox add-on ids are an
// email-like string or a {GUID} (MDN, browser_specific_settings → id).
const CHROMIUM_ID = /^[a-p]{32}$/;
const FIREFOX_ID =
  /^(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}|[A-Za-z0-9._+-]{1,80}@[A-Za-z0-9._-]{1,80})$/;

/** Which browser family an `--extension-id` belongs to, decided by its form; null when neither. */
export function extensionIdFamily(id: string): "chromium" | "firefox" | null {
  if (CHROMIUM_ID.test(id)) return "chromium";
  if (FIREFOX_ID.test(id)) return "firefox";
  return null;
}

/**
 * The extension id in a Chromium caller origin (`chrome-extension://ID/`, what Chromium passes
 * the host as its first argument), or null when `origin` is not one: the inverse of chromiumOrigin.
 */
export function chromiumIdOfOrigin(origin: string): string | null {
  const m = /^chrome-extension:\/\/([^/]*)\/$/.exec(origin);
  return m && extensionIdFamily(m[1]!) === "chromium" ? m[1]! : null;
}

/**
 * A Firefox extension page's origin, as its WebSocket `Origin` header carries it:
 * `moz-extension://` and the add-on's per-install UUID, lower-case, no trailing slash. Firefox
 * makes the UUID up at install time (about:debugging shows it; MDN, runtime.getURL), so the host
 * cannot derive it from the add-on id the way Chromium's origin derives from its id.
 */
export const MOZ_EXTENSION_ORIGIN =
  /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
