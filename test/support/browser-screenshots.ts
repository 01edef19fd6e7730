/**
 * Screenshots of every popup state (and the options page), light and dark, into docs/screenshots/.
 * Drives the same journey as the e2e tests in real Chromium with the real host and the AWS
 * stand-ins. Run: `npx webpack --mode production && npx tsx test/support/browser-screenshots.ts`.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { HOSTILE_HOST } from "../fakes/idp/index";
import { ACCOUNT_ALIASES, MANY_INSTANCES, MANY_ROLES } from "../fixtures/many-accounts";
import { makeSamlResponse, role } from "../fixtures/saml";
import { connectFromPopup, openPopup, putSettings, signIn, stopFromPopup, warmUp } from "./browser";
import { type BrowserWorld, startBrowserWorld } from "./browser-world";
import { echoThrough } from "./echo";
import { ROOT } from "./host-process";

export const SCREENSHOT_DIR = path.join(ROOT, "docs/screenshots");

// Issue 11: the screenshots show a user with many accounts (test/fixtures/many-accounts.ts).
const WEB = MANY_INSTANCES[0]!.instanceId;
const ROLES = MANY_ROLES;

/** One PNG per color scheme, cropped to the page's content. */
export async function shoot(page: Page, dir: string, name: string): Promise<string[]> {
  const out: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    const file = path.join(dir, `${name}-${scheme}.png`);
    await page.locator("body").screenshot({ path: file });
    out.push(file);
  }
  await page.emulateMedia({ colorScheme: "light" });
  return out;
}

async function hostMissing(dir: string): Promise<string[]> {
  const w = await startBrowserWorld({ registerHost: false });
  try {
    const popup = await openPopup(w.chromium);
    await popup.waitForSelector("[data-testid=error-command]");
    return await shoot(popup, dir, "popup-host-missing");
  } finally {
    await w.close();
  }
}

async function journey(w: BrowserWorld, dir: string): Promise<string[]> {
  const files: string[] = [];
  await putSettings(w.chromium, { launchRdp: false });
  await warmUp(w.chromium);
  const popup = await openPopup(w.chromium);
  await popup.waitForSelector("[data-testid=host-status]:text('Helper')");
  files.push(...(await shoot(popup, dir, "popup-first-run")));
  await signIn(w.chromium, w.idp, {
    samlResponse: makeSamlResponse({ roles: ROLES, sessionName: "alice@contoso.example" }).base64,
  });
  await popup.waitForSelector("#picker:not([hidden]) input[type=radio]");
  files.push(...(await shoot(popup, dir, "popup-role-picker")));
  await popup.check("#role-all");
  await popup.click("#picker button[type=submit]");
  await popup.waitForSelector(`#instances li[data-instance='${WEB}']`, { timeout: 20_000 });
  await popup.waitForFunction(() => document.querySelectorAll("#profiles tr[data-profile]").length === 10);
  files.push(...(await shoot(popup, dir, "popup-profiles-instances")));
  // Keyboard first: typing in the search box filters accounts, roles and instances.
  await popup.focus("#find-input");
  await popup.keyboard.type("contoso prod");
  await popup.waitForSelector("#find-count:text('of')");
  files.push(...(await shoot(popup, dir, "popup-search")));
  await popup.fill("#find-input", "");
  await echoThrough(await connectFromPopup(popup, WEB), "x".repeat(48_000));
  await popup.waitForFunction(
    () => /↓ \d+(\.\d)? KiB/.test(document.querySelector("#tunnels li")?.textContent ?? ""),
    null,
    { timeout: 15_000 },
  );
  files.push(...(await shoot(popup, dir, "popup-tunnel-open")));
  await putSettings(w.chromium, { expiryWarningMinutes: 120 });
  await popup.waitForSelector("#profiles .warning");
  files.push(...(await shoot(popup, dir, "popup-expiry-warning")));
  await putSettings(w.chromium, { expiryWarningMinutes: 10, profileTemplate: "denied" });
  await signIn(w.chromium, w.idp, {
    samlResponse: makeSamlResponse({
      roles: [role("123456789012", "Denied")],
      sessionName: "alice@contoso.example",
    }).base64,
  });
  await popup.waitForSelector("[data-testid=error-message]");
  files.push(...(await shoot(popup, dir, "popup-sts-refused")));
  await stopFromPopup(popup);
  await putSettings(w.chromium, { profileTemplate: "{account}-{role}" });
  await popup.click("#error button[data-key=dismiss]");
  // Issue 17: a sign-in another site posted (refused) and one from another tenant (held).
  const other = {
    roles: [role("666666666666", "Admin")],
    issuer: "https://sts.windows.net/66666666-6666-4666-8666-666666666666/",
  };
  await signIn(w.chromium, w.idp, { samlResponse: makeSamlResponse(other).base64, from: HOSTILE_HOST });
  await signIn(w.chromium, w.idp, { samlResponse: makeSamlResponse(other).base64 });
  await popup.waitForSelector("#refused:not([hidden]) li");
  await popup.waitForSelector("#held:not([hidden]) button");
  files.push(...(await shoot(popup, dir, "popup-refused-held")));
  await popup.click("#held button[data-key=held-discard]");
  // The options page as a new user finds it: the defaults (launchRdp was off for the journey).
  await putSettings(w.chromium, { launchRdp: true });
  const options = await w.chromium.context.newPage();
  await options.setViewportSize({ width: 760, height: 900 });
  await options.goto(`chrome-extension://${w.chromium.extensionId}/options.html`);
  await options.waitForSelector("body[data-ready] #trust[data-ready]");
  files.push(...(await shoot(options, dir, "options")));
  return files;
}

export async function captureScreenshots(dir = SCREENSHOT_DIR): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files = await hostMissing(dir);
  const w = await startBrowserWorld({
    instances: MANY_INSTANCES,
    sts: {
      accountAliases: ACCOUNT_ALIASES,
      fault: (call) => (call.roleArn?.endsWith("/Denied") ? "AccessDenied" : null),
    },
  });
  try {
    files.push(...(await journey(w, dir)));
  } finally {
    await w.close();
  }
  return files;
}

// Run directly (not imported by the demo or a test).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  captureScreenshots().then(
    (files) => console.log(files.map((f) => path.relative(ROOT, f)).join("\n")),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
