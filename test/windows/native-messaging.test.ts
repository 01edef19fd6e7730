/**
 * The installed win-x64 host spoken to as the browsers start it on Windows, under Wine 10:
 * Chrome through cmd.exe with its stdin and stdout redirected to named pipes, Firefox directly
 * with pipes (support/browser-launch.cjs, run by Windows Node). The caller check holds there
 * too: an origin the install did not allow gets ORIGIN_NOT_ALLOWED and the host exits.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json";
import { BrowserLauncher } from "./support/browser-launcher";
import { skipWindows, windowsReady } from "./support/windows-tier";
import { WineBox, winPath } from "./support/wine";

const ORIGIN = "chrome-extension://kokbnelligicogechcoofickipeemloj/";
const STRANGER = "chrome-extension://abcdefghijklmnopabcdefghijklmnop/";
const FIREFOX_ID = "bastionless@bastionless.dev";
let box: WineBox;
let exe: string;
let browser: BrowserLauncher;
let installed: { host: { path: string }; registrations: { browser: string; manifestPath: string }[] };

const launch = (mode: "chrome" | "firefox", caller: string, requests: unknown[]) =>
  browser.launch(mode, installed.host.path, caller, requests);

describe.skipIf(skipWindows)("native messaging under Wine", () => {
  beforeAll(async () => {
    const built = await windowsReady();
    box = new WineBox();
    exe = winPath(path.join(box.dir, "bastionless-win-x64.exe"));
    fs.copyFileSync(built, box.unixPath(exe));
    browser = new BrowserLauncher(box);
    const r = await box.run(exe, ["install", "--browser", "chrome", "--browser", "firefox", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    installed = JSON.parse(r.stdout);
  }, 0);
  afterAll(async () => box?.close());

  it("answers Chrome's launch through cmd.exe and named pipes", async () => {
    const out = await launch("chrome", ORIGIN, [
      { id: 1, type: "hello" },
      { id: 2, type: "profiles.list" },
    ]);
    expect(out.commandLine).toMatch(
      /cmd\.exe \/d \/s \/c ""C:\\.*\\bastionless\.exe" chrome-extension:\/\/\w{32}\/ --parent-window=0" < \\\\\.\\pipe\\chrome\.nativeMessaging\.in\.[0-9a-f]+ > \\\\\.\\pipe\\chrome\.nativeMessaging\.out\.[0-9a-f]+$/,
    );
    expect(out.replies).toEqual([
      expect.objectContaining({
        id: 1,
        ok: true,
        result: expect.objectContaining({ name: "bastionless", version: pkg.version }),
      }),
      expect.objectContaining({ id: 2, ok: true, result: expect.objectContaining({ profiles: [] }) }),
    ]);
    expect(out.exitCode).toBe(0);
  });

  it("refuses an origin it was not installed for, and exits", async () => {
    const out = await launch("chrome", STRANGER, [{ id: 1, type: "hello" }]);
    expect(out.replies).toEqual([
      expect.objectContaining({
        id: null,
        ok: false,
        error: expect.objectContaining({ code: "ORIGIN_NOT_ALLOWED" }),
      }),
    ]);
    expect(out.exitCode).toBe(1);
  });

  it("answers Firefox's direct launch with the manifest path and add-on id", async () => {
    const manifest = installed.registrations.find((r) => r.browser === "firefox")!.manifestPath;
    const out = await launch("firefox", `${manifest},${FIREFOX_ID}`, [{ id: 7, type: "hello" }]);
    expect(out.replies).toEqual([expect.objectContaining({ id: 7, ok: true })]);
    expect(out.exitCode).toBe(0);
    const refused = await launch("firefox", `${manifest},someone-else@example.com`, [
      { id: 8, type: "hello" },
    ]);
    expect(refused.replies).toEqual([
      expect.objectContaining({ id: null, error: expect.objectContaining({ code: "ORIGIN_NOT_ALLOWED" }) }),
    ]);
  });

  it("the machine-wide host serves what --system allowed, and only that host does (issue 17)", async () => {
    const extra = STRANGER.slice("chrome-extension://".length, -1);
    const r = await box.run(exe, [
      "install",
      "--system",
      "--browser",
      "chrome",
      "--extension-id",
      extra,
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const system = JSON.parse(r.stdout);
    expect(system.host.path).toMatch(/^C:\\Program Files\\bastionless\\/);
    const hello = [{ id: 1, type: "hello" }];
    const served = await browser.launch("chrome", system.host.path, STRANGER, hello);
    expect(served.replies).toEqual([expect.objectContaining({ id: 1, ok: true })]);
    // The per-user host reads the machine-wide record too, but it is not the host that record installed.
    const refused = await launch("chrome", STRANGER, hello);
    expect(refused.replies).toEqual([
      expect.objectContaining({ id: null, error: expect.objectContaining({ code: "ORIGIN_NOT_ALLOWED" }) }),
    ]);
    expect((await box.run(exe, ["uninstall", "--system", "--json"])).code).toBe(0);
  });
});
