/**
 * RDP in a browser tab in Firefox (firefox-esr, puppeteer-core over WebDriver BiDi): the page's
 * origin is moz-extension://<per-install UUID>, which the host learns only from the extension
 * (rdp.gateway.open's pageOrigin). The wasm client logs in with NLA through the host's gateway,
 * the tunnel and the fake agent to FreeRDP's shadow server, and draws its desktop.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeIdp, startFakeIdp } from "../fakes/idp/index";
import { ADDON_UUID, type FirefoxSession, launchFirefoxWithExtension } from "../support/browser-firefox";
import { RDP_PASSWORD, RDP_USER, type RdpTarget, startRdpTarget } from "../support/rdp-target";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { until } from "../support/until";

let rdp: RdpTarget;
let world: TunnelWorld;
let idp: FakeIdp;
let ff: FirefoxSession;
let marker: ChildProcess;
let tunnelId: string;
const MARK = { x: 100, y: 100, rgb: [255, 0, 0] };

beforeAll(async () => {
  rdp = await startRdpTarget();
  marker = spawn(
    "xmessage",
    ["-geometry", `+${MARK.x}+${MARK.y}`, "-bg", "red", "-fg", "white", "BASTIONLESS RDP TAB"],
    { env: { PATH: process.env.PATH, DISPLAY: rdp.display }, stdio: "ignore" },
  );
  world = await startTunnelWorld({ destination: { host: "127.0.0.1", port: rdp.port } });
  const r = await world.cli(["rdp", RDP_INSTANCE, "--profile", "rdp-test", "--no-launch", "--json"]);
  expect(r.code, r.stderr).toBe(0);
  tunnelId = JSON.parse(r.stdout).id;
  idp = await startFakeIdp(world.sandbox.dir);
  ff = await launchFirefoxWithExtension({
    profileDir: path.join(world.sandbox.dir, "firefox"),
    env: world.env,
    idp,
  });
});

afterAll(async () => {
  await ff?.close();
  await idp?.close();
  await world?.close();
  marker?.kill();
  rdp?.close();
});

/** puppeteer's goto to moz-extension:// never resolves (browser-firefox.ts), so it is not awaited. */
async function openTab(): Promise<Page> {
  const page = await ff.browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  void page.goto(`moz-extension://${ADDON_UUID}/rdp.html?tunnel=${tunnelId}`).catch(() => undefined);
  // While the page loads, BiDi's evaluate may fail outright; ask again until the form is there.
  await until("the RDP page", () => page.$("#username").catch(() => null));
  return page;
}

async function login(page: Page, password: string): Promise<string> {
  await page.type("#username", RDP_USER);
  await page.type("#password", password);
  await page.click("#connect");
  return until("the tab to connect or fail", () =>
    page.$eval("#status", (e) => {
      const s = (e as HTMLElement).dataset.state!;
      return ["connected", "failed"].includes(s) ? s : null;
    }),
  );
}

const hostLog = () => fs.readFileSync(path.join(world.env.BASTIONLESS_LOG_DIR!, "host.log"), "utf8");

it("a wrong password fails the NLA login after the gateway admitted the moz-extension page", async () => {
  const page = await openTab();
  expect(await login(page, "Wrong-Pass-1")).toBe("failed");
  expect(await page.$eval("#status", (e) => (e as HTMLElement).dataset.kind)).not.toBe("RDCleanPath");
  // The gateway let it through to the server: the failure is CredSSP's.
  expect(hostLog()).toMatch(/rdp gateway session relaying/);
  await page.close();
});

it("the right password logs in and the tab shows the server's desktop", async () => {
  const page = await openTab();
  const state = await login(page, RDP_PASSWORD);
  expect(state, await page.$eval("#status", (e) => e.textContent ?? "")).toBe("connected");
  // The red window, at the place the server drew it (the tab is the desktop's size: unscaled).
  const point: [number, number] = [MARK.x + 60, MARK.y + 40];
  const seen = await until("the server's desktop in the tab", async () => {
    const png = Buffer.from(await page.screenshot({ encoding: "binary" }));
    const rgb = await page.evaluate(
      async (b64: string, [x, y]: [number, number]) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bmp = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
        const c = new OffscreenCanvas(bmp.width, bmp.height);
        const g = c.getContext("2d")!;
        g.drawImage(bmp, 0, 0);
        return [...g.getImageData(x, y, 1, 1).data.slice(0, 3)];
      },
      png.toString("base64"),
      point,
    );
    return rgb.every((v, i) => Math.abs(v - MARK.rgb[i]!) <= 8) ? rgb : null;
  });
  expect(seen).toHaveLength(3);
  // The host issued the ticket for the page origin the extension said, and a session relayed.
  expect(hostLog()).not.toMatch(/rdp gateway refused an upgrade[^\n]*"why":"origin"/);
  await page.click("#disconnect");
  await until("the disconnected state", () =>
    page.$eval("#status", (e) => (e as HTMLElement).dataset.state === "disconnected"),
  );
  await page.close();
});
