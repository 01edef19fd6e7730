/**
 * Managed deployment (docs/deploy.md) in real Chromium on Linux: the host installed machine-wide
 * by `bastionless install --system --json` (as root, unattended), and a Chromium started with
 * managed policy only (no --load-extension) that force-installs the extension from a self-hosted
 * update manifest + CRX, with native messaging blocked for every host but ours
 * (NativeMessagingBlocklist ["*"] + NativeMessagingAllowlist), then answers a native `hello`.
 * Everything written under /etc, /opt and /usr/local is removed again in afterAll. It needs root
 * (Chromium reads managed policy only from /etc): without it the test fails, it never skips.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_BIN, requireBuild, requireExecutable } from "../support/browser";
import {
  packCrx,
  serveUpdates,
  startChromiumDevtools,
  type UpdateServer,
  writeManagedPolicy,
} from "../support/managed-chromium";
import { makeSandbox, type Sandbox } from "../support/sandbox";
import { cliSystem, requireRootAndFree, SYSTEM_INSTALL_PATHS } from "../support/system-install";
import { until } from "../support/until";

const HOST_NAME = "com.bastionless.host";
const SYSTEM_PATHS = [...SYSTEM_INSTALL_PATHS, "/etc/chromium/native-messaging-hosts"];

let box: Sandbox;
let updates: UpdateServer | null = null;
let removePolicy: (() => void) | null = null;
let installed = false;

beforeAll(() => {
  requireExecutable(CHROMIUM_BIN, "chromium");
  requireBuild();
  requireRootAndFree(SYSTEM_PATHS, "managed policy lives in /etc/chromium/policies/managed");
  box = makeSandbox();
});

afterAll(async () => {
  await updates?.close();
  removePolicy?.();
  if (installed) cliSystem(box.env, ["uninstall", "--system", "--json"]);
  box?.cleanup();
});

describe("managed Chromium on Linux", () => {
  it("force-installs the extension from policy alone and it reaches the machine-wide host", async () => {
    const work = fs.mkdtempSync(path.join(box.dir, "crx-"));
    const { crx, id, version } = packCrx(work);

    const inst = cliSystem(box.env, [
      "install",
      "--system",
      "--browser",
      "chromium",
      "--extension-id",
      id,
      "--json",
    ]);
    installed = true;
    expect(inst.status, inst.stderr).toBe(0);
    expect(inst.json).toMatchObject({
      action: "install",
      scope: "system",
      dryRun: false,
      browsers: ["chromium"],
    });
    expect(inst.json.allowedOrigins).toContain(`chrome-extension://${id}/`);
    // /usr/local/bin is on every Debian PATH: the machine-wide install puts bastionless there.
    expect(inst.json.onPath).toEqual({
      kind: "link",
      path: "/usr/local/bin/bastionless",
      target: inst.json.host.path,
    });
    const manifest = JSON.parse(
      fs.readFileSync(`/etc/chromium/native-messaging-hosts/${HOST_NAME}.json`, "utf8"),
    );
    expect(manifest.allowed_origins).toContain(`chrome-extension://${id}/`);

    updates = await serveUpdates(id, version, crx);
    removePolicy = writeManagedPolicy(`bastionless-e2e-${process.pid}.json`, {
      ExtensionInstallForcelist: [`${id};${updates.updateUrl}`],
      NativeMessagingBlocklist: ["*"],
      NativeMessagingAllowlist: [HOST_NAME],
      // Test only: by default DevTools may not attach to a policy-installed extension (its pages
      // and worker refuse the debugger), and the test reaches the worker through DevTools.
      DeveloperToolsAvailability: 1,
    });

    const browser = await startChromiumDevtools(path.join(box.dir, "profile"), box.env);
    try {
      const prefix = `chrome-extension://${id}/`;
      // No --load-extension: the only way in is the forcelist, so the worker appearing is the install.
      const worker = await until("the force-installed extension's service worker", async () =>
        (await browser.targets()).find((t) => t.type === "service_worker" && t.url.startsWith(prefix)),
      );
      expect(worker.url).toBe(`${prefix}background.js`);
      expect(updates.requests).toEqual(expect.arrayContaining(["/update.xml", "/bastionless.crx"]));
      const reply = await browser.evaluateIn(
        `${prefix}popup.html`,
        `chrome.runtime.sendNativeMessage(${JSON.stringify(HOST_NAME)}, { id: 1, type: "hello" })`,
      );
      expect(reply).toMatchObject({ id: 1, ok: true, result: { name: "bastionless" } });
      // The block list is in force: a host not on the allow list is refused by the browser itself.
      const blocked = await browser.evaluateIn(
        `${prefix}popup.html`,
        `chrome.runtime.sendNativeMessage("org.example.other", { type: "hello" }).then(() => "sent", (e) => e.message)`,
      );
      expect(blocked).toBe("Access to the native messaging host was disabled by the system administrator.");
    } finally {
      await browser.close();
    }

    const un = cliSystem(box.env, ["uninstall", "--system", "--json"]);
    expect(un.status, un.stderr).toBe(0);
    installed = false;
    for (const p of SYSTEM_PATHS) expect(fs.existsSync(p), p).toBe(false);
  });
});
