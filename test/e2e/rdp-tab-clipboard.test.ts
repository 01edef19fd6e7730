/**
 * Clipboard text both ways through the RDP tab (issue 15, "clipboard round trip"): real Chromium
 * with the built extension, the host's gateway and tunnel through the fake agent, and xrdp, whose
 * chansrv serves CLIPRDR against the X session's CLIPBOARD selection (xsel reads and writes it).
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeIdp, startFakeIdp } from "../fakes/idp/index";
import { type ChromiumSession, launchChromiumWithExtension } from "../support/browser";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { until } from "../support/until";
import { missingXrdpTools, startXrdpTarget, type XrdpTarget } from "../support/xrdp-target";

// CI installs xrdp (scripts/install-system-deps.sh) and runs as root: there a missing tool fails.
const unavailable = process.env.CI === "true" ? [] : missingXrdpTools();
if (process.env.CI !== "true" && process.getuid?.() !== 0) unavailable.push("root");

let rdp: XrdpTarget;
let world: TunnelWorld;
let chromium: ChromiumSession;
let idp: FakeIdp;
let page: Page;

describe.skipIf(unavailable.length > 0)("RDP tab clipboard (Chromium, xrdp, through the tunnel)", () => {
  beforeAll(async () => {
    rdp = await startXrdpTarget();
    world = await startTunnelWorld({ destination: { host: "127.0.0.1", port: rdp.port } });
    const r = await world.cli(["rdp", RDP_INSTANCE, "--profile", "rdp-test", "--no-launch", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const tunnelId = JSON.parse(r.stdout).id;
    idp = await startFakeIdp(world.sandbox.dir);
    chromium = await launchChromiumWithExtension({
      userDataDir: path.join(world.sandbox.dir, "chromium"),
      env: world.env,
      idp,
    });
    const origin = `chrome-extension://${chromium.extensionId}`;
    page = await chromium.context.newPage();
    await page.goto(`${origin}/rdp.html?tunnel=${tunnelId}&name=xrdp-box`);
    await page.fill("#username", rdp.user);
    await page.fill("#password", rdp.password);
    await page.click("#connect");
    const state = await until("the tab to connect or fail", () =>
      page.$eval("#status", (e) =>
        ["connected", "failed"].includes(e.dataset.state!) ? e.dataset.state! : null,
      ),
    );
    expect(state, (await page.textContent("#status")) ?? "").toBe("connected");
    // xrdp's own login form, its fields filled from the target's xrdp.ini: Enter (OK) starts the
    // session. The form may not be drawn yet when the tab connects, so Enter goes until it has.
    await page.focus("#screen");
    await until("xrdp to start the session", async () => {
      await page.keyboard.press("Enter");
      return rdp.hasSession();
    });
    await rdp.sessionDisplay();
  });

  afterAll(async () => {
    await chromium?.close();
    await idp?.close();
    await world?.close();
    rdp?.close();
  });

  it("text pasted into the tab reaches the server's clipboard", async () => {
    const text = `local to remote ${Date.now().toString(36)}`;
    // The extension may write the clipboard (clipboardWrite) while its page has focus.
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.focus("#screen");
    await page.keyboard.press("Control+KeyV");
    const got = await until("the server's clipboard to hold the pasted text", async () => {
      const r = await rdp.xsel(["--clipboard", "--output"]);
      return r.out === text ? r.out : null;
    });
    expect(got).toBe(text);
  });

  it("text copied on the server reaches the browser's clipboard", async () => {
    const text = `remote to local ${Date.now().toString(36)}`;
    // The paste test ran first: its answer shows chansrv watches the session's clipboard.
    expect((await rdp.xsel(["--clipboard", "--input"], text)).code).toBe(0);
    await until("the tab to write the server's text", () =>
      page.$eval("#status", (e) => e.dataset.clipboard === "written"),
    );
    // Read back as a user would: Ctrl+V into a text field (the extension has no clipboardRead).
    await page.evaluate(() => {
      const t = document.createElement("textarea");
      t.id = "probe";
      document.body.append(t);
    });
    await page.focus("#probe");
    await page.keyboard.press("Control+KeyV");
    expect(await page.inputValue("#probe")).toBe(text);
    await page.$eval("#probe", (t) => t.remove());
  });
});
