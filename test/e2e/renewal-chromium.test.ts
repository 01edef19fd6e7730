/**
 * Silent renewal in real Chromium with the real host (issue 12): a launch URL pasted in the
 * options, the fake Entra's My Apps launch with a live session cookie, and STS credentials that
 * live 45 s. Renewal fires before each expiry in a minimized window that never takes focus and is
 * closed afterwards; the profile is rewritten in place with every other byte kept. When the Entra
 * session ends, the prompt page ends the attempt with exactly one notice and no further attempts
 * until the user signs in from the popup; then renewal resumes.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterEach, expect, it } from "vitest";
import { role } from "../fixtures/saml";
import { extensionState, openPopup, putSettings, warmUp } from "../support/browser";
import { type BrowserWorld, startBrowserWorld } from "../support/browser-world";
import { startXvfb } from "../support/rdp-target";
import { until } from "../support/until";

let world: BrowserWorld | null = null;
const children: ChildProcess[] = [];
afterEach(async () => {
  await world?.close();
  world = null;
  for (const c of children.splice(0)) c.kill();
});

const ADMIN = role("123456789012", "Admin");
const APP_ID = "0f3c6a2e-9b1d-4e7f-8a5c-2d4b6e8f0a1c";
const LIFETIME_S = 45;
const OTHER = "# kept by hand\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = s3cr3t\n\n";

/** Worker-side probes: focus changes, windows created and removed, notifications created. */
async function installProbes(w: BrowserWorld): Promise<void> {
  await (await w.chromium.worker()).evaluate(() => {
    const g = globalThis as unknown as { probe: Record<string, unknown[]> };
    g.probe = { focus: [], created: [], removed: [], notes: [] };
    chrome.windows.onFocusChanged.addListener((id) => void g.probe.focus!.push(id));
    chrome.windows.onCreated.addListener(
      (win) => void g.probe.created!.push({ id: win.id, state: win.state, focused: win.focused }),
    );
    chrome.windows.onRemoved.addListener((id) => void g.probe.removed!.push(id));
    const create = chrome.notifications.create.bind(chrome.notifications);
    // The background calls chrome.notifications.create through the polyfill at call time.
    (chrome.notifications as unknown as { create: unknown }).create = (...a: unknown[]) => {
      g.probe.notes!.push(a[0]);
      return (create as (...x: unknown[]) => unknown)(...a);
    };
  });
}

type Probe = {
  focus: number[];
  created: Array<{ id: number; state: string; focused: boolean }>;
  removed: number[];
  notes: string[];
  focusedNow: number | null;
  windows: number;
  alarms: string[];
};
async function probe(w: BrowserWorld): Promise<Probe> {
  return (await w.chromium.worker()).evaluate(async () => {
    const g = globalThis as unknown as { probe: Omit<Probe, "focusedNow" | "windows" | "alarms"> };
    const all = await chrome.windows.getAll();
    return {
      ...g.probe,
      focusedNow: all.find((x) => x.focused)?.id ?? null,
      windows: all.length,
      alarms: (await chrome.alarms.getAll()).map((a) => a.name),
    };
  });
}

const credentials = (w: BrowserWorld) => fs.readFileSync(w.sandbox.credentialsFile, "utf8");
const keyOf = (text: string) =>
  /\[123456789012-Admin\][^[]*?aws_access_key_id = (\S+)/.exec(text)?.[1] ?? null;
const expiryOf = (text: string) =>
  Date.parse(/\[123456789012-Admin\][^[]*?x_security_token_expires = (\S+)/.exec(text)?.[1] ?? "");
const assumed = (w: BrowserWorld) => w.sts.calls.filter((c) => c.action === "AssumeRoleWithSAML").length;

async function clickEntraSignIn(w: BrowserWorld, url: string): Promise<void> {
  const page = await until("the sign-in tab", () =>
    w.chromium.context.pages().find((p) => p.url().startsWith(url)),
  );
  await page.waitForSelector("#idSIButton9");
  await page.click("#idSIButton9");
}

it("renews before expiry in a window that never takes focus, then waits for the user when Entra prompts", async () => {
  // Headful on its own X server: headless Chromium has no real window focus to lose (it reports a
  // focus change to any new window), and focus is what this test is about.
  process.env.DISPLAY = await startXvfb(children);
  world = await startBrowserWorld({ sts: { lifetimeSeconds: LIFETIME_S }, headless: false });
  const w = world;
  fs.mkdirSync(w.sandbox.home + "/.aws", { recursive: true, mode: 0o700 });
  fs.writeFileSync(w.sandbox.credentialsFile, OTHER, { mode: 0o600 });
  await putSettings(w.chromium, { renewalFloorSeconds: 10, renewalTimeoutSeconds: 30, launchRdp: false });
  await warmUp(w.chromium);
  await installProbes(w);
  const launchUrl = w.idp.entra.addApp({
    appId: APP_ID,
    roles: [ADMIN],
    sessionName: "dana@contoso.example",
  });

  // The user signs in once through the app's launch (Entra prompts: no session yet).
  const user = await w.chromium.context.newPage();
  await user.goto(launchUrl);
  await clickEntraSignIn(w, "https://login.microsoftonline.com/");
  await until("the first profile", () =>
    fs.readFileSync(w.sandbox.credentialsFile, "utf8").includes("[123456789012-Admin]"),
  );
  expect(credentials(w).startsWith(OTHER)).toBe(true);

  // The launch URL pasted in the options, and renewal turned on.
  const options = await w.chromium.context.newPage();
  await options.goto(`chrome-extension://${w.chromium.extensionId}/options.html`);
  await options.waitForSelector("#renewal[data-ready]");
  await options.evaluate(() => chrome.runtime.sendMessage({ type: "renewal-enable", enabled: true }));
  await options.fill("#renewal-url", launchUrl);
  await options.fill("#renewal-name", "AWS production");
  await options.click("#renewal-add");
  await options.waitForSelector("#renewal-sources li[data-source]");
  await options.close();

  // Renew now: a minimized window, the session cookie posts at once, the same profile rewritten.
  const popup: Page = await openPopup(w.chromium);
  await user.bringToFront();
  const focusedBefore = (await probe(w)).focusedNow;
  const windowsBefore = (await probe(w)).windows;
  const k1 = keyOf(credentials(w));
  await popup.click("#renewal li[data-source] button[data-key^='renew-']");
  await until("the renewed profile", () => keyOf(credentials(w)) !== k1);
  const k2Text = credentials(w);
  expect(k2Text.startsWith(OTHER)).toBe(true);
  await until("the renewal window closed", async () => (await probe(w)).removed.length === 1);
  let p = await probe(w);
  expect(p.created).toHaveLength(1);
  // Without a window manager X11 keeps the window "normal"; what matters is focus.
  expect(p.created[0]!.focused).toBe(false);
  expect(p.removed).toEqual([p.created[0]!.id]);
  expect(p.focus).not.toContain(p.created[0]!.id);
  expect(p.windows).toBe(windowsBefore);
  expect(p.focusedNow).toBe(focusedBefore);
  expect(w.idp.entra.counts).toMatchObject({ launches: 2, posts: 2, signIns: 1 });

  // The schedule renews again, before the 45 s keys expire, with no user action.
  const k2Expiry = expiryOf(k2Text);
  await until("the scheduled renewal", () => keyOf(credentials(w)) !== keyOf(k2Text));
  const renewedAt = Date.now();
  expect(renewedAt).toBeLessThan(k2Expiry);
  expect(credentials(w).startsWith(OTHER)).toBe(true);
  expect(credentials(w).match(/\[123456789012-Admin\]/g)).toHaveLength(1);
  await until("the second window closed", async () => (await probe(w)).removed.length === 2);
  p = await probe(w);
  expect(p.created.map((c) => c.focused)).toEqual([false, false]);
  expect(p.focus.filter((id) => p.created.some((c) => c.id === id))).toEqual([]);
  expect(p.notes.filter((n) => n.startsWith("renewal:"))).toEqual([]);
  const state = await extensionState(w.chromium);
  expect(JSON.stringify(state)).not.toMatch(/SAMLResponse|PHNhbWxw/);

  // The Entra session ends: the next attempt meets the prompt, and the user is told once.
  w.idp.entra.endSessions();
  const k3 = keyOf(credentials(w));
  const k3Expiry = expiryOf(credentials(w));
  await until("the prompt", () => w.idp.entra.counts.prompts === 2);
  await popup.waitForSelector("#renewal li[data-phase='needs-user'] button[data-key^='sign-in-']", {
    timeout: 60_000,
  });
  await until("the third window closed", async () => (await probe(w)).removed.length === 3);
  const launches = w.idp.entra.counts.launches;
  const calls = assumed(w);
  // Nothing is scheduled any more for the source, and past the keys' expiry nothing was tried.
  expect((await probe(w)).alarms.filter((a) => a.startsWith("renew"))).toEqual([]);
  await until("the keys expired", () => Date.now() > k3Expiry + 12_000);
  p = await probe(w);
  expect(p.notes.filter((n) => n.startsWith("renewal:"))).toHaveLength(1);
  expect(w.idp.entra.counts.launches).toBe(launches);
  expect(assumed(w)).toBe(calls);
  expect(keyOf(credentials(w))).toBe(k3);

  // Sign in from the popup: a normal tab in front, the user signs in, renewal resumes.
  await popup.click("#renewal button[data-key^='sign-in-']");
  await clickEntraSignIn(w, "https://login.microsoftonline.com/");
  await until("the signed-in profile", () => keyOf(credentials(w)) !== k3);
  await popup.waitForSelector("#renewal li[data-phase='idle']");
  await until("the next renewal scheduled", async () =>
    (await probe(w)).alarms.some((a) => a.startsWith("renew:")),
  );
  const k4 = keyOf(credentials(w));
  await until("renewal after the sign-in", () => keyOf(credentials(w)) !== k4);
  expect(credentials(w).startsWith(OTHER)).toBe(true);
});
