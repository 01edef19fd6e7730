/**
 * Silent renewal in real Firefox (firefox-esr, headless) with the real host (issue 12): turning
 * renewal on in the options grants the optional launcher permission (Firefox's pref that answers
 * optional-permission prompts by itself stands for the user's "Allow"), a sign-in through the My
 * Apps launch becomes a sign-in source by itself, and the renewals that follow (Renew now, then the
 * schedule before the 45 s keys expire) rewrite the profile from a window that is closed afterwards.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "puppeteer-core";
import { afterEach, expect, it } from "vitest";
import { startFakeIdp } from "../fakes/idp/index";
import { startFakeSts } from "../fakes/sts/index";
import { role } from "../fixtures/saml";
import { launchFirefoxWithExtension, openFirefoxPopup, warmUpFirefox } from "../support/browser-firefox";
import { makeSandbox } from "../support/sandbox";
import { until } from "../support/until";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse())
    await Promise.resolve()
      .then(c)
      .catch(() => undefined);
});

type B = {
  storage: {
    sync: { get(k: string): Promise<any>; set(v: object): Promise<void> };
    local: { get(k: string): Promise<any> };
  };
  windows: {
    getAll(): Promise<Array<{ id: number }>>;
    onCreated: { addListener(f: (w: any) => void): void };
  };
};
const ext = <T>(page: Page, f: (b: B) => Promise<T>) =>
  page.evaluate(`(${f.toString()})(globalThis.browser)`) as Promise<T>;

it("Firefox: a My Apps launch becomes a source, and renewal rewrites the profile from a closed window", async () => {
  const sandbox = makeSandbox();
  cleanups.push(() => sandbox.cleanup());
  const idp = await startFakeIdp(sandbox.dir);
  cleanups.push(() => idp.close());
  const sts = await startFakeSts({ lifetimeSeconds: 45 });
  cleanups.push(() => sts.close());
  const env = { ...sandbox.env, AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_IAM: sts.url };
  const ff = await launchFirefoxWithExtension({
    profileDir: path.join(sandbox.dir, "firefox"),
    env,
    idp,
    prefs: { "extensions.webextOptionalPermissionPrompts": false },
  });
  cleanups.push(() => ff.close());
  const popup = await openFirefoxPopup(ff);
  await warmUpFirefox(ff, popup);
  await ext(popup, async (b) => {
    const cur = (await b.storage.sync.get("settings")).settings ?? {};
    await b.storage.sync.set({ settings: { ...cur, renewalFloorSeconds: 10, renewalTimeoutSeconds: 30 } });
  });
  await popup.evaluate(
    `(() => { globalThis.created = []; globalThis.browser.windows.onCreated.addListener((w) => globalThis.created.push({ id: w.id, state: w.state, focused: w.focused })); })()`,
  );
  const launchUrl = idp.entra.addApp({
    appId: "0f3c6a2e-9b1d-4e7f-8a5c-2d4b6e8f0a1c",
    roles: [role("123456789012", "Admin")],
  });

  // Renewal on: the click asks for the launcher permission.
  const options = await ff.browser.newPage();
  void options.goto(ff.popupUrl.replace("popup.html", "options.html")).catch(() => undefined);
  await options.waitForSelector("#renewal[data-ready] #renewal-enabled", { timeout: 15_000 });
  await options.click("#renewal-enabled");
  await until(
    "renewal on",
    async () =>
      (await ext(popup, async (b) => (await b.storage.local.get("renewal")).renewal?.enabled)) === true,
  );

  // The user opens the app's launch; Entra prompts; the sign-in in that tab makes the source.
  const user = await ff.browser.newPage();
  await user.goto(launchUrl);
  await user.waitForSelector("#idSIButton9");
  await user.click("#idSIButton9");
  const credentials = () =>
    fs.existsSync(sandbox.credentialsFile) ? fs.readFileSync(sandbox.credentialsFile, "utf8") : "";
  const key = () => /aws_access_key_id = (\S+)/.exec(credentials())?.[1] ?? null;
  await until("the profile", () => key());
  await popup.waitForSelector("#renewal li[data-source]", { timeout: 20_000 });
  const book = await ext(popup, async (b) => (await b.storage.local.get("renewal")).renewal);
  expect(book.records).toEqual([
    expect.objectContaining({ source: expect.objectContaining({ launchUrl, renew: true }) }),
  ]);
  const windows = (await ext(popup, async (b) => (await b.windows.getAll()).length)) as number;

  // Renew now, then the schedule, each from a window that is gone afterwards.
  const k1 = key();
  await popup.click("#renewal li[data-source] button[data-key^='renew-']");
  await until("the renewed profile", () => key() !== k1);
  const k2 = key();
  const k2Expiry = Date.parse(/x_security_token_expires = (\S+)/.exec(credentials())![1]!);
  await until("the scheduled renewal", () => key() !== k2);
  expect(Date.now()).toBeLessThan(k2Expiry);
  await until(
    "the windows closed",
    async () => (await ext(popup, async (b) => (await b.windows.getAll()).length)) === windows,
  );
  const created = (await popup.evaluate("globalThis.created")) as Array<{ state: string; focused: boolean }>;
  expect(created).toHaveLength(2);
  console.log(`firefox renewal windows at creation: ${JSON.stringify(created)}`);
  expect(idp.entra.counts).toMatchObject({ signIns: 1, launches: 3, prompts: 1 });
});
