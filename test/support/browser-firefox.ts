/**
 * Real Firefox (firefox-esr) with the built add-on, driven by puppeteer-core over WebDriver BiDi
 * (docs/testing/browser-e2e.md §9). Sign-in hosts resolve to the fake IdP through Firefox's own
 * prefs; the native host is registered with `bastionless install --browser firefox` under the
 * sandbox HOME, where Firefox looks ($HOME/.mozilla/native-messaging-hosts).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { FIREFOX_EXTENSION_IDS } from "../../contract/extension-ids";
import type { State } from "../../extension/src/shared/state";
import type { FakeIdp, Launch, ReceivedRequest } from "../fakes/idp/index";
import { requireExecutable } from "./browser";
import { HOST_BUNDLE, ROOT } from "./host-process";

export const FIREFOX_BIN = "/usr/bin/firefox-esr";
export const FIREFOX_EXTENSION_DIR = path.join(ROOT, "dist/extension/firefox");
export const ADDON_ID = FIREFOX_EXTENSION_IDS[0]!;
/** A fixed moz-extension:// UUID, so the popup has a stable URL (extensions.webextensions.uuids). */
export const ADDON_UUID = "5c0f1b0e-6a51-4d57-9d35-b1a5710e55aa";

export function registerHostForFirefox(env: NodeJS.ProcessEnv): string {
  return execFileSync(process.execPath, [HOST_BUNDLE, "install", "--browser", "firefox"], {
    env,
    encoding: "utf8",
  });
}

export interface FirefoxSession {
  browser: Browser;
  addonId: string;
  popupUrl: string;
  close(): Promise<void>;
}

export async function launchFirefoxWithExtension(o: {
  profileDir: string;
  env: NodeJS.ProcessEnv;
  idp: FakeIdp;
  registerHost?: boolean;
  /** More prefs, e.g. extensions.webextOptionalPermissionPrompts (renewal's launcher permission). */
  prefs?: Record<string, unknown>;
}): Promise<FirefoxSession> {
  requireExecutable(FIREFOX_BIN, "firefox-esr");
  if (!fs.existsSync(path.join(FIREFOX_EXTENSION_DIR, "manifest.json")))
    throw new Error("dist/extension/firefox is missing: run `npx webpack --mode production` first.");
  if (o.registerHost !== false) registerHostForFirefox(o.env);
  fs.mkdirSync(o.profileDir, { recursive: true });
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX_BIN,
    headless: true,
    acceptInsecureCerts: true,
    userDataDir: o.profileDir,
    env: o.env as Record<string, string>,
    // Navigating to moz-extension:// from BiDi needs this (browser-e2e §9).
    args: ["--remote-allow-system-access"],
    extraPrefsFirefox: {
      "network.dns.forceResolve": "127.0.0.1",
      "network.socket.forcePort": `443=${o.idp.port}`,
      "extensions.webextensions.uuids": JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      "datareporting.policy.dataSubmissionEnabled": false,
      "browser.shell.checkDefaultBrowser": false,
      ...o.prefs,
    },
  });
  try {
    const addonId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    return {
      browser,
      addonId,
      popupUrl: `moz-extension://${ADDON_UUID}/popup.html`,
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** The popup in a tab. puppeteer's goto to moz-extension:// never resolves, so it is not awaited. */
export async function openFirefoxPopup(s: FirefoxSession): Promise<Page> {
  const page = await s.browser.newPage();
  void page.goto(s.popupUrl).catch(() => undefined);
  await page.waitForSelector("body[data-ready]", { timeout: 15_000 });
  return page;
}

/** The background's state, read from an extension page (storage.session is shared by them). */
export async function firefoxExtensionState(page: Page): Promise<State> {
  return page.evaluate(async () => {
    const b = (
      globalThis as unknown as {
        browser: { storage: { session: { get(k: string): Promise<{ state: State }> } } };
      }
    ).browser;
    return (await b.storage.session.get("state")).state;
  });
}

/** GET the sign-in URL until the add-on has recorded it (see warmUp in browser.ts). */
export async function warmUpFirefox(s: FirefoxSession, extensionPage: Page): Promise<number> {
  const page = await s.browser.newPage();
  try {
    for (let n = 1; n <= 40; n++) {
      await page.goto(`https://signin.aws.amazon.com/saml?warmup=${n}`);
      const state = await firefoxExtensionState(extensionPage).catch(() => null);
      if (state?.capture.lastIgnored?.url.includes(`warmup=${n}`)) return n;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error("the add-on never saw the warm-up requests");
  } finally {
    await page.close();
  }
}

export async function signInFirefox(
  s: FirefoxSession,
  idp: FakeIdp,
  launch: Launch,
): Promise<ReceivedRequest> {
  const arrived = idp.waitFor((r) => r.path === "/saml" && r.fields.RelayState !== undefined);
  const page = await s.browser.newPage();
  await page.goto(idp.launchUrl(launch));
  return arrived;
}
