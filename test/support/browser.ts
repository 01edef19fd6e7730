/**
 * Real Chromium with the built extension, for the e2e tests, the demo and the bench
 * (recipes: docs/testing/browser-e2e.md §1–§7). Playwright drives Debian's /usr/bin/chromium;
 * the AWS sign-in and IdP hosts resolve to the fake IdP's HTTPS server; the native host is
 * registered with `bastionless install`, exactly as a user does it.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { type BrowserContext, chromium, type Page, type Worker } from "playwright-core";
import { CHROMIUM_EXTENSION_IDS } from "../../contract/extension-ids";
import type { Settings } from "../../extension/src/shared/settings";
import type { State } from "../../extension/src/shared/state";
import { FAKE_HOSTS, type FakeIdp, type Launch, type ReceivedRequest } from "../fakes/idp/index";
import { HOST_BUNDLE, ROOT } from "./host-process";

export const CHROMIUM_BIN = "/usr/bin/chromium";
export const EXTENSION_ID = CHROMIUM_EXTENSION_IDS[0]!;
export const CHROME_EXTENSION_DIR = path.join(ROOT, "dist/extension/chrome");

/** A missing browser fails the test with what to run; it never silently skips (CI=true or not). */
export function requireExecutable(file: string, aptPackage: string): void {
  if (fs.existsSync(file)) return;
  throw new Error(
    `${file} is missing. Install it with \`apt-get install -y ${aptPackage}\` (or run scripts/install-system-deps.sh).`,
  );
}

export function requireBuild(): void {
  for (const f of [HOST_BUNDLE, path.join(CHROME_EXTENSION_DIR, "manifest.json")]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run \`npx webpack --mode production\` first.`);
  }
}

/** `bastionless install` for a Chromium profile folder; returns what it printed. */
export function registerHostForChromium(userDataDir: string, env: NodeJS.ProcessEnv): string {
  return execFileSync(
    process.execPath,
    [HOST_BUNDLE, "install", "--browser", "chromium", "--browser-profile", userDataDir],
    { env, encoding: "utf8" },
  );
}

export interface ChromiumSession {
  context: BrowserContext;
  userDataDir: string;
  extensionId: string;
  /** The extension's service worker (started again by Chromium when an event needs it). */
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** A fresh folder for the browser profile. */
  userDataDir: string;
  /** The browser's environment, which it hands to the native host it starts. */
  env: NodeJS.ProcessEnv;
  idp: FakeIdp;
  /** Headful when a DISPLAY is set and this is false (the demo). Default: headless. */
  headless?: boolean;
  registerHost?: boolean;
}

export async function launchChromiumWithExtension(o: LaunchOptions): Promise<ChromiumSession> {
  requireExecutable(CHROMIUM_BIN, "chromium");
  requireBuild();
  fs.mkdirSync(o.userDataDir, { recursive: true });
  if (o.registerHost !== false) registerHostForChromium(o.userDataDir, o.env);
  const rules = FAKE_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${o.idp.port}`).join(", ");
  const display = o.env.DISPLAY ?? process.env.DISPLAY;
  const context = await chromium.launchPersistentContext(o.userDataDir, {
    executablePath: CHROMIUM_BIN,
    headless: o.headless ?? true,
    env: { ...o.env, ...(display ? { DISPLAY: display } : {}) } as Record<string, string>,
    viewport: { width: 1000, height: 760 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--disable-extensions-except=${CHROME_EXTENSION_DIR}`,
      `--load-extension=${CHROME_EXTENSION_DIR}`,
      `--host-resolver-rules=${rules}`,
      // Trust only the fake IdP's own key, not every bad certificate.
      `--ignore-certificate-errors-spki-list=${o.idp.cert.spki}`,
    ],
    ignoreDefaultArgs: ["--disable-extensions"],
  });
  const prefix = `chrome-extension://${EXTENSION_ID}/`;
  const worker = async () =>
    context.serviceWorkers().find((w) => w.url().startsWith(prefix)) ??
    (await context.waitForEvent("serviceworker", {
      predicate: (w) => w.url().startsWith(prefix),
      timeout: 15_000,
    }));
  await worker();
  return {
    context,
    userDataDir: o.userDataDir,
    extensionId: EXTENSION_ID,
    worker,
    close: () => context.close(),
  };
}

/** The background's state, read inside the extension (storage.session is not visible elsewhere). */
export async function extensionState(s: ChromiumSession): Promise<State> {
  const w = await s.worker();
  return w.evaluate(async () => ((await chrome.storage.session.get("state")) as { state: State }).state);
}

export async function putSettings(s: ChromiumSession, patch: Partial<Settings>): Promise<void> {
  const w = await s.worker();
  await w.evaluate(async (p) => {
    const cur = ((await chrome.storage.sync.get("settings")) as { settings?: object }).settings ?? {};
    await chrome.storage.sync.set({ settings: { ...cur, ...p } });
  }, patch);
}

/**
 * Just after install the webRequest listener is not live in the browser yet; a POST sent at once
 * was missed in 5 of 12 runs (browser-e2e §4). So GET the sign-in URL until the extension records
 * it (as an ignored request, which it keeps for troubleshooting) and only then sign in.
 */
export async function warmUp(s: ChromiumSession, host = "signin.aws.amazon.com"): Promise<number> {
  const page = await s.context.newPage();
  try {
    for (let n = 1; n <= 40; n++) {
      await page.goto(`https://${host}/saml?warmup=${n}`);
      const state = await extensionState(s).catch(() => null);
      if (state?.capture.lastIgnored?.url.includes(`warmup=${n}`)) return n;
      await page.waitForTimeout(150);
    }
    throw new Error("the extension never saw the warm-up requests");
  } finally {
    await page.close();
  }
}

/** Opens the fake IdP like a click in My Apps; resolves once the sign-in POST reached "AWS". */
export async function signIn(
  s: ChromiumSession,
  idp: FakeIdp,
  launch: Launch,
): Promise<{ page: Page; request: ReceivedRequest }> {
  const action = new URL(launch.action ?? "https://signin.aws.amazon.com/saml");
  const arrived = idp.waitFor(
    (r) => r.host === action.hostname && r.path === action.pathname && r.fields.RelayState !== undefined,
  );
  const page = await s.context.newPage();
  await page.goto(idp.launchUrl(launch));
  return { page, request: await arrived };
}

/** The popup as a tab (a toolbar popup cannot be opened headless, browser-e2e §7). */
export async function openPopup(s: ChromiumSession, colorScheme: "light" | "dark" = "light"): Promise<Page> {
  const page = await s.context.newPage();
  await page.emulateMedia({ colorScheme });
  await page.setViewportSize({ width: 400, height: 600 });
  await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
  await page.waitForSelector("body[data-ready]");
  return page;
}

/**
 * Stops the extension's service worker the way Chromium does when it idles. An attached harness
 * keeps a worker alive (browser-e2e §6), so it is stopped explicitly: CDP ServiceWorker.stopWorker
 * for its version, then waited on until the browser reports it "stopped".
 */
export async function stopServiceWorker(s: ChromiumSession): Promise<void> {
  const page = await s.context.newPage();
  const cdp = await s.context.newCDPSession(page);
  const versions = new Map<string, { versionId: string; scriptURL: string; runningStatus: string }>();
  cdp.on("ServiceWorker.workerVersionUpdated", (e) => {
    for (const v of e.versions) versions.set(v.versionId, v);
  });
  await cdp.send("ServiceWorker.enable");
  const ours = () =>
    [...versions.values()].filter((v) => v.scriptURL.startsWith(`chrome-extension://${s.extensionId}/`));
  try {
    for (let i = 0; i < 50 && !ours().some((v) => v.runningStatus === "running"); i++)
      await page.waitForTimeout(50);
    for (const v of ours()) await cdp.send("ServiceWorker.stopWorker", { versionId: v.versionId });
    for (let i = 0; i < 100 && !ours().every((v) => v.runningStatus === "stopped"); i++)
      await page.waitForTimeout(50);
    if (!ours().length || !ours().every((v) => v.runningStatus === "stopped"))
      throw new Error("the extension's service worker did not stop");
  } finally {
    await cdp.detach();
    await page.close();
  }
}

/** Clicks an instance's Connect (RDP) in the popup; resolves with the local port once the tunnel is open. */
export async function connectFromPopup(popup: Page, instanceId: string): Promise<number> {
  await popup.click(`#instances li[data-instance='${instanceId}'] button`);
  const row = popup.locator("#tunnels li[data-state='open']");
  await row.waitFor({ timeout: 30_000 });
  const address = (await row.locator("[data-testid=tunnel-address]").textContent())!;
  return Number(address.replace("127.0.0.1:", ""));
}

/** Clicks Stop on the popup's tunnel and waits until the row is gone. */
export async function stopFromPopup(popup: Page): Promise<void> {
  await popup.click("#tunnels li[data-tunnel] button");
  await popup.waitForSelector("#tunnels li[data-tunnel]", { state: "detached", timeout: 15_000 });
}
