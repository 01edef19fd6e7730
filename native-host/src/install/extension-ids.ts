/**
 * The extension ids the host serves by default. The Chromium id is derived from the public "key"
 * in manifests/chrome.json (so unpacked development builds and the store build share it); the
 * Firefox id is browser_specific_settings.gecko.id in manifests/firefox.json.
 * `bastionless install --extension-id ID` adds others (e.g. a self-published build).
 */
export const CHROMIUM_EXTENSION_IDS: readonly string[] = ["kokbnelligicogechcoofickipeemloj"];
export const FIREFOX_EXTENSION_IDS: readonly string[] = ["bastionless@bastionless.dev"];

export const chromiumOrigin = (id: string): string => `chrome-extension://${id}/`;
