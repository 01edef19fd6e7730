/**
 * The popup as a user meets it, in real Chromium with the real host: keyboard only, focus kept
 * through live updates, no layout movement while countdowns tick, light and dark schemes, and
 * notifications (sign-in captured, tunnel dropped with the popup closed).
 */
import { afterEach, expect, it } from "vitest";
import { makeSamlResponse, role } from "../fixtures/saml";
import {
  extensionState,
  openPopup,
  putSettings,
  signIn,
  stopServiceWorker,
  warmUp,
} from "../support/browser";
import { type BrowserWorld, startBrowserWorld } from "../support/browser-world";
import { until } from "../support/until";

let world: BrowserWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const WEB = "i-0a1b2c3d4e5f60718";

async function notifications(w: BrowserWorld): Promise<Record<string, unknown>> {
  return (await w.chromium.worker()).evaluate(() => chrome.notifications.getAll());
}

async function signedIn(): Promise<BrowserWorld> {
  world = await startBrowserWorld({
    instances: [{ instanceId: WEB, name: "web-01", platformType: "Windows", pingStatus: "Online" }],
  });
  await putSettings(world.chromium, { launchRdp: false });
  await warmUp(world.chromium);
  await signIn(world.chromium, world.idp, {
    samlResponse: makeSamlResponse({
      roles: [role("123456789012", "Admin")],
      sessionName: "erin@contoso.example",
    }).base64,
  });
  await until("the sign-in notification", async () => (await notifications(world!))["sign-in"]);
  return world;
}

it("works by keyboard alone, keeps focus and layout still through live updates", async () => {
  const w = await signedIn();
  const popup = await openPopup(w.chromium);
  await popup.waitForSelector(`#instances li[data-instance='${WEB}'] button:not([disabled])`, {
    timeout: 20_000,
  });

  // Tab order reaches the selector, Refresh and Connect.
  const reached: string[] = [];
  for (let i = 0; i < 12; i++) {
    await popup.keyboard.press("Tab");
    reached.push(
      await popup.evaluate(
        () => (document.activeElement as HTMLElement | null)?.dataset.key ?? document.activeElement?.id ?? "",
      ),
    );
  }
  expect(reached).toEqual(expect.arrayContaining(["sel-profile", "sel-region", "refresh", `connect-${WEB}`]));

  await popup.focus(`[data-key='connect-${WEB}']`);
  const boxes = () =>
    popup.evaluate(() =>
      [...document.querySelectorAll("header, main > section, footer")].map((e) =>
        JSON.stringify(e.getBoundingClientRect()),
      ),
    );
  const before = await boxes();
  const countdown = await popup.textContent("#profiles .countdown");
  await popup.waitForTimeout(3500); // countdowns tick, the background pushes status
  expect(await popup.textContent("#profiles .countdown")).not.toBe(countdown);
  expect(await boxes()).toEqual(before);
  expect(await popup.evaluate(() => (document.activeElement as HTMLElement).dataset.key)).toBe(
    `connect-${WEB}`,
  );

  await popup.keyboard.press("Enter");
  await popup.waitForSelector("#tunnels li[data-state='open']", { timeout: 30_000 });
  await popup.focus("#tunnels li[data-tunnel] button");
  await popup.keyboard.press("Enter");
  await popup.waitForSelector("#tunnels li[data-tunnel]", { state: "detached", timeout: 15_000 });
});

it("is readable in light and dark", async () => {
  const w = await signedIn();
  const popup = await openPopup(w.chromium);
  await popup.waitForSelector("#profiles tr[data-profile='123456789012-Admin']");
  const luminance = () =>
    popup.evaluate(() => {
      const rgb = (c: string) => c.match(/\d+/g)!.slice(0, 3).map(Number);
      const lum = (c: number[]) => (0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!) / 255;
      const card = getComputedStyle(document.querySelector("#profiles")!);
      return {
        bg: lum(rgb(getComputedStyle(document.body).backgroundColor)),
        card: lum(rgb(card.backgroundColor)),
        text: lum(rgb(card.color)),
      };
    });
  const light = await luminance();
  expect(light.bg).toBeGreaterThan(0.9);
  expect(light.card - light.text).toBeGreaterThan(0.7);
  await popup.emulateMedia({ colorScheme: "dark" });
  const dark = await luminance();
  expect(dark.bg).toBeLessThan(0.15);
  expect(dark.text - dark.card).toBeGreaterThan(0.7);
});

it("notifies a dropped tunnel while the popup is closed", async () => {
  const w = await signedIn();
  const popup = await openPopup(w.chromium);
  await popup.click(`#instances li[data-instance='${WEB}'] button`, { timeout: 20_000 });
  await popup.waitForSelector("#tunnels li[data-state='open']", { timeout: 30_000 });
  await popup.close();
  const tunnel = (await extensionState(w.chromium)).tunnels[0]!;
  w.sessions.terminateSession(tunnel.sessionId!, "The instance was stopped.");
  const shown = await until(
    "the tunnel-dropped notification",
    async () => (await notifications(w))[`tunnel:${tunnel.id}`],
  );
  expect(shown).toBeTruthy();
  const state = await extensionState(w.chromium);
  expect(state.tunnels.find((t) => t.id === tunnel.id)?.state ?? "gone").not.toBe("open");
});

it("keeps updating after the worker is stopped under an open popup", async () => {
  world = await startBrowserWorld();
  const w = world;
  await warmUp(w.chromium);
  const popup = await openPopup(w.chromium);
  await popup.waitForSelector("[data-testid=host-status]:text('Helper 0')", { timeout: 15_000 });
  await stopServiceWorker(w.chromium);
  await signIn(w.chromium, w.idp, {
    samlResponse: makeSamlResponse({
      roles: [role("123456789012", "Admin")],
      sessionName: "finn@contoso.example",
    }).base64,
  });
  await popup.waitForSelector("#profiles tr[data-profile='123456789012-Admin']", { timeout: 20_000 });
  await popup.waitForSelector("#signin [data-testid=signin-who]:has-text('finn@contoso.example')");
});
