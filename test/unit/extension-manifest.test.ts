import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHROMIUM_EXTENSION_IDS, FIREFOX_EXTENSION_IDS } from "../../contract/extension-ids";
import { SIGNIN_URL_PATTERNS } from "../../contract/signin-endpoints";
import { ENTRA_LOGIN_ORIGINS, originPattern } from "../../extension/src/shared/trust";

const root = path.resolve(__dirname, "../..");
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(root, "manifests", f), "utf8"));

describe("extension manifests", () => {
  it("pin the Chromium id with the key and the Firefox id with gecko.id", () => {
    const hex = createHash("sha256")
      .update(Buffer.from(read("chrome.json").key, "base64"))
      .digest("hex")
      .slice(0, 32);
    const id = [...hex].map((c) => "abcdefghijklmnop"[Number.parseInt(c, 16)]).join("");
    expect(CHROMIUM_EXTENSION_IDS).toContain(id);
    expect(FIREFOX_EXTENSION_IDS).toContain(read("firefox.json").browser_specific_settings.gecko.id);
  });

  it.each(["chrome.json", "firefox.json"])(
    "%s has host access to every sign-in endpoint, observes without blocking, and ships its icons",
    (file) => {
      const m = read(file);
      for (const pattern of SIGNIN_URL_PATTERNS)
        expect(m.host_permissions).toContain(pattern.replace(/\/saml\*$/, "/*"));
      expect(m.permissions).not.toContain("webRequestBlocking");
      expect(m.permissions.sort()).toEqual([
        "alarms",
        "nativeMessaging",
        "notifications",
        "storage",
        "webRequest",
      ]);
      // Chromium reports a sign-in's initiator only for origins it may access (browser-e2e §4).
      for (const origin of ENTRA_LOGIN_ORIGINS) expect(m.host_permissions).toContain(originPattern(origin));
      expect(m.host_permissions).toHaveLength(SIGNIN_URL_PATTERNS.length + ENTRA_LOGIN_ORIGINS.length);
      // A user-added sign-in page is asked for at run time, https only (options/trust-form.ts).
      expect(m.optional_host_permissions).toEqual(["https://*/*"]);
      for (const icon of Object.values<string>(m.icons))
        expect(fs.existsSync(path.join(root, "extension/static", icon))).toBe(true);
      expect(m.content_security_policy.extension_pages).toContain("script-src 'self'");
    },
  );
});
