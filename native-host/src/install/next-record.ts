/**
 * The record an install or uninstall asks for, from the record on disk (pure). Installing merges
 * (re-running adds, never forgets); uninstalling drops only what its selectors name.
 */

import {
  CHROMIUM_EXTENSION_IDS,
  chromiumOrigin,
  extensionIdFamily,
  FIREFOX_EXTENSION_IDS,
} from "../../../contract/extension-ids";
import { UsageError } from "../errors";
import { BROWSER_TABLE, BROWSERS, type Browser, type Os, type Scope } from "./browsers";
import { detectPaths, manifestPlace } from "./install-paths";
import {
  emptyRecord,
  type InstalledHost,
  type InstallRecord,
  type Registration,
  sameRegistration,
} from "./install-record";

export interface Selectors {
  browsers: Browser[];
  profileDir?: string;
  extensionIds: string[];
}

function withAllowed(r: InstallRecord): InstallRecord {
  const chromium = [
    ...CHROMIUM_EXTENSION_IDS,
    ...r.extraExtensionIds.filter((id) => extensionIdFamily(id) === "chromium"),
  ];
  const firefox = [
    ...FIREFOX_EXTENSION_IDS,
    ...r.extraExtensionIds.filter((id) => extensionIdFamily(id) === "firefox"),
  ];
  return {
    ...r,
    allowedOrigins: [...new Set(chromium)].map(chromiumOrigin),
    allowedExtensions: [...new Set(firefox)],
  };
}

export function checkExtensionIds(ids: string[]): void {
  for (const id of ids) {
    if (!extensionIdFamily(id)) {
      throw new UsageError(
        "BAD_EXTENSION_ID",
        `"${id}" is neither a Chromium extension id (32 letters a–p) nor a Firefox add-on id (name@domain or {GUID}).`,
        {
          hint: "Copy the id from chrome://extensions (Developer mode) or about:debugging, and pass it with --extension-id.",
        },
      );
    }
  }
}

/** Without --browser: every browser whose folder exists, plus those already registered; Chromium when none. */
export function chooseBrowsers(
  sel: Selectors,
  old: InstallRecord | null,
  scope: Scope,
  o: Os,
  env: NodeJS.ProcessEnv,
  exists: (p: string) => boolean,
): { browsers: Browser[]; how: "asked" | "detected" | "default" } {
  if (sel.browsers.length) return { browsers: [...new Set(sel.browsers)], how: "asked" };
  const found = BROWSERS.filter(
    (b) =>
      detectPaths(b, scope, o, env).some(exists) ||
      old?.registrations.some((r) => r.browser === b && !r.profileDir),
  );
  return found.length ? { browsers: found, how: "detected" } : { browsers: ["chromium"], how: "default" };
}

export function registrationsFor(
  browsers: Browser[],
  sel: Selectors,
  scope: Scope,
  o: Os,
  env: NodeJS.ProcessEnv,
): Registration[] {
  if (sel.profileDir) {
    const browser = browsers[0] ?? "chromium";
    if (browsers.length > 1 || BROWSER_TABLE[browser].family !== "chromium" || o === "win32") {
      throw new UsageError(
        "USAGE",
        "--browser-profile works for one Chromium-family browser on Linux or macOS (Firefox and Windows browsers do not read manifests from a profile folder).",
        {
          hint: "Use --browser-profile DIR with at most one --browser chrome|chromium|edge|brave|vivaldi.",
        },
      );
    }
    return [
      { browser, ...manifestPlace(browser, scope, o, env, sel.profileDir), profileDir: sel.profileDir },
    ];
  }
  return browsers.map((b) => ({ browser: b, ...manifestPlace(b, scope, o, env) }));
}

export function recordAfterInstall(
  old: InstallRecord | null,
  scope: Scope,
  regs: Registration[],
  extraIds: string[],
  host: InstalledHost,
): InstallRecord {
  const base = old ?? emptyRecord(scope);
  const kept = base.registrations.filter((r) => !regs.some((n) => sameRegistration(r, n)));
  return withAllowed({
    ...base,
    extraExtensionIds: [...new Set([...base.extraExtensionIds, ...extraIds])],
    host,
    registrations: [...kept, ...regs],
  });
}

/** null when nothing stays installed in this scope. */
export function recordAfterUninstall(old: InstallRecord, sel: Selectors): InstallRecord | null {
  const everything = !sel.browsers.length && !sel.profileDir && !sel.extensionIds.length;
  if (everything) return null;
  const dropped = (r: Registration) =>
    sel.profileDir
      ? r.profileDir === sel.profileDir
      : sel.browsers.length > 0 && sel.browsers.includes(r.browser) && !r.profileDir;
  const registrations = old.registrations.filter((r) => !dropped(r));
  if (!registrations.length) return null;
  return withAllowed({
    ...old,
    extraExtensionIds: old.extraExtensionIds.filter((id) => !sel.extensionIds.includes(id)),
    registrations,
  });
}
