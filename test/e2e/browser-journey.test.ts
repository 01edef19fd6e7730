/**
 * The whole journey in real Chromium (design §1): sign in through the fake IdP, the profile is
 * written, the popup shows it and that profile's Windows instances from the SSM stand-in,
 * Connect opens a tunnel through the fake Session Manager, bytes flow through 127.0.0.1:13389 (or
 * the next free port) to the "instance", the popup counts them, and Stop ends the tunnel.
 */
import fs from "node:fs";
import { afterEach, expect, it } from "vitest";
import { makeSamlResponse, role } from "../fixtures/saml";
import {
  connectFromPopup,
  extensionState,
  openPopup,
  signIn,
  stopFromPopup,
  warmUp,
} from "../support/browser";
import { type BrowserWorld, startBrowserWorld } from "../support/browser-world";
import { echoThrough } from "../support/echo";
import { refused } from "../support/tunnel-rig";

let world: BrowserWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const WEB = "i-0a1b2c3d4e5f60718";
const LOST = "i-0a1b2c3d4e5f60719";
const LINUX = "i-0a1b2c3d4e5f6071a";

it("sign-in → profile → instances → Connect (RDP) → bytes through the tunnel → Stop", async () => {
  world = await startBrowserWorld({
    instances: [
      {
        instanceId: WEB,
        name: "web-01",
        platformType: "Windows",
        platformName: "Microsoft Windows Server 2022 Datacenter",
        pingStatus: "Online",
      },
      { instanceId: LOST, name: "build-02", platformType: "Windows", pingStatus: "ConnectionLost" },
      { instanceId: LINUX, name: "linux-03", platformType: "Linux", pingStatus: "Online" },
    ],
  });
  const w = world;

  // Options page, by keyboard and mouse: no RDP client in this test, a 20-minute warning.
  const options = await w.chromium.context.newPage();
  await options.goto(`chrome-extension://${w.chromium.extensionId}/options.html`);
  await options.waitForSelector("body[data-ready]");
  await options.uncheck("#opt-launchRdp");
  await options.fill("#opt-expiryWarningMinutes", "20");
  await options.click("#opt-save");
  await options.waitForSelector("#opt-saved:text('Saved')");
  await options.close();

  await warmUp(w.chromium);
  await signIn(w.chromium, w.idp, {
    samlResponse: makeSamlResponse({
      roles: [role("123456789012", "Admin")],
      sessionName: "dana@contoso.example",
    }).base64,
  });
  const popup = await openPopup(w.chromium);
  await popup.waitForSelector("#profiles tr[data-profile='123456789012-Admin']", { timeout: 20_000 });
  expect(fs.readFileSync(w.sandbox.credentialsFile, "utf8")).toContain("[123456789012-Admin]");

  await popup.waitForSelector(`#instances li[data-instance='${WEB}']`, { timeout: 20_000 });
  expect(await popup.locator("#instances li[data-instance]").count()).toBe(2); // Windows only
  expect(await popup.isDisabled(`#instances li[data-instance='${LOST}'] button`)).toBe(true);
  expect(await popup.textContent(`#instances li[data-instance='${WEB}']`)).toContain("web-01");

  const port = await connectFromPopup(popup, WEB);
  expect(port).toBeGreaterThanOrEqual(13389); // 13389, or the next free one when another test holds it
  expect(await echoThrough(port, "hello through the tunnel")).toBe("hello through the tunnel");
  expect(w.echo.bytes).toBeGreaterThanOrEqual(24);
  await popup.waitForFunction(
    () =>
      /↓ \d+ B ↑ \d+ B/.test(document.querySelector("#tunnels li")?.textContent ?? "") &&
      !document.querySelector("#tunnels li")!.textContent!.includes("↓ 0 B"),
    null,
    { timeout: 15_000 },
  );
  const state = await extensionState(w.chromium);
  expect(state.tunnels[0]).toMatchObject({
    target: WEB,
    profile: "123456789012-Admin",
    state: "open",
    localPort: port,
  });

  await stopFromPopup(popup);
  expect(await refused(port)).toBe(true);
  expect((await extensionState(w.chromium)).tunnels).toEqual([]);
  expect(w.ssm.calls.map((c) => c.action)).toContain("StartSession");
});
