/**
 * Managed deployment (docs/deploy.md §4) in real Firefox ESR (Debian's firefox-esr) on Linux:
 * the host installed machine-wide by `bastionless install --system --browser firefox --json` (as
 * root, unattended), and a Firefox started with a fresh profile and an enterprise policies.json
 * only (no temporary add-on install) that force-installs the xpi `npm run package:extension`
 * makes. That xpi is unsigned (signing happens at addons.mozilla.org), so:
 *   - by default the policy's install is refused with ERROR_SIGNEDSTATE_REQUIRED;
 *   - with the policy's own Preferences entry xpinstall.signatures.required=false, which this
 *     build accepts because it is built without MOZ_REQUIRE_SIGNING (AppConstants in its
 *     omni.ja; Firefox release and beta builds ignore the pref), it installs and the add-on's
 *     `hello` reaches the machine-wide host through /usr/lib/mozilla/native-messaging-hosts.
 * Everything written under /etc, /opt, /usr/lib and /usr/local is removed again. It needs root
 * and firefox-esr: without them the test fails, it never skips.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { packageExtensions } from "../../scripts/package-extension";
import { requireExecutable } from "../support/browser";
import { ADDON_ID, FIREFOX_BIN, FIREFOX_EXTENSION_DIR, openFirefoxPopup } from "../support/browser-firefox";
import { HOST_BUNDLE } from "../support/host-process";
import {
  DISTRIBUTION_POLICIES,
  ETC_POLICIES,
  profileAddons,
  serveXpi,
  startFirefoxForPolicies,
  writeFirefoxPolicies,
} from "../support/managed-firefox";
import { makeSandbox, type Sandbox } from "../support/sandbox";
import { cliSystem, requireRootAndFree, SYSTEM_INSTALL_PATHS } from "../support/system-install";

const HOST_NAME = "com.bastionless.host";
const SYSTEM_MANIFEST = `/usr/lib/mozilla/native-messaging-hosts/${HOST_NAME}.json`;
const SYSTEM_PATHS = [...SYSTEM_INSTALL_PATHS, SYSTEM_MANIFEST];

let box: Sandbox;
let xpi: string;
let installed = false;
const cleanups: Array<() => unknown> = [];

beforeAll(() => {
  requireExecutable(FIREFOX_BIN, "firefox-esr");
  for (const f of [HOST_BUNDLE, path.join(FIREFOX_EXTENSION_DIR, "manifest.json")])
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run \`npx webpack --mode production\` first.`);
  requireRootAndFree(
    [...SYSTEM_PATHS, ETC_POLICIES, DISTRIBUTION_POLICIES],
    "Firefox reads enterprise policies only from /etc/firefox and its installation folder",
  );
  box = makeSandbox();
  // The xpi an administrator gets from `npm run package:extension` (web-ext lint clean, unsigned).
  const { files } = packageExtensions({ build: false, outDir: path.join(box.dir, "packages") });
  xpi = files.find((f) => f.endsWith(".xpi"))!;
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse())
    await Promise.resolve()
      .then(c)
      .catch(() => undefined);
});

afterAll(() => {
  if (installed) cliSystem(box.env, ["uninstall", "--system", "--json"]);
  box?.cleanup();
});

const forceInstall = (installUrl: string) => ({
  ExtensionSettings: { [ADDON_ID]: { installation_mode: "force_installed", install_url: installUrl } },
});

describe("managed Firefox ESR on Linux", () => {
  it("refuses the unsigned xpi that policy force-installs, by default (policies.json in the distribution folder)", async () => {
    const url = `file://${xpi}`;
    cleanups.push(writeFirefoxPolicies(DISTRIBUTION_POLICIES, forceInstall(url)));
    const profile = path.join(box.dir, "profile-refused");
    const ff = await startFirefoxForPolicies(profile, box.env);
    cleanups.push(() => ff.session.close());

    await ff.line("the policy file", /policies\.json path = /);
    expect(ff.lines).toContain(`  policies.json path = ${DISTRIBUTION_POLICIES}`);
    const failed = await ff.line(
      "the policy's install to end",
      /(Download failed|Installation succeeded) - /,
    );
    expect(failed.trim()).toBe(`Download failed - ERROR_SIGNEDSTATE_REQUIRED - ${url}`);

    await ff.session.close();
    expect(profileAddons(profile).map((a) => a.id)).not.toContain(ADDON_ID);
  });

  it("force-installs it from policies.json alone with signature checks off by policy, and it reaches the machine-wide host", async () => {
    const inst = cliSystem(box.env, ["install", "--system", "--browser", "firefox", "--json"]);
    installed = true;
    expect(inst.status, inst.stderr).toBe(0);
    expect(inst.json).toMatchObject({
      action: "install",
      scope: "system",
      dryRun: false,
      browsers: ["firefox"],
    });
    expect(inst.json.allowedExtensions).toContain(ADDON_ID);
    expect(JSON.parse(fs.readFileSync(SYSTEM_MANIFEST, "utf8"))).toMatchObject({
      name: HOST_NAME,
      type: "stdio",
      allowed_extensions: [ADDON_ID],
    });
    // Nothing for this user: the only way to the host is the machine-wide manifest.
    expect(fs.existsSync(path.join(box.home, ".mozilla"))).toBe(false);

    const server = await serveXpi(xpi);
    cleanups.push(() => server.close());
    cleanups.push(
      writeFirefoxPolicies(ETC_POLICIES, {
        ...forceInstall(server.url),
        // Accepted by this build only (see the top of the file); a signed xpi needs no such line.
        Preferences: { "xpinstall.signatures.required": { Value: false, Status: "locked" } },
      }),
    );
    const profile = path.join(box.dir, "profile-managed");
    const ff = await startFirefoxForPolicies(profile, box.env);
    cleanups.push(() => ff.session.close());

    await ff.line("the policy file", /policies\.json path = /);
    expect(ff.lines).toContain(`  policies.json path = ${ETC_POLICIES}`);
    const done = await ff.line("the policy's install to end", /(Download failed|Installation succeeded) - /);
    expect(done.trim()).toBe(`Installation succeeded - ${server.url}`);
    expect(server.requests).toEqual(["/bastionless.xpi"]);

    const popup = await openFirefoxPopup(ff.session);
    const reply = await popup.evaluate(
      (name) =>
        (
          globalThis as unknown as {
            browser: { runtime: { sendNativeMessage(n: string, m: object): Promise<unknown> } };
          }
        ).browser.runtime.sendNativeMessage(name, { id: 1, type: "hello" }),
      HOST_NAME,
    );
    expect(reply).toMatchObject({ id: 1, ok: true, result: { name: "bastionless" } });

    await ff.session.close();
    expect(profileAddons(profile)).toContainEqual(
      expect.objectContaining({ id: ADDON_ID, location: "app-profile", active: true }),
    );

    const un = cliSystem(box.env, ["uninstall", "--system", "--json"]);
    expect(un.status, un.stderr).toBe(0);
    installed = false;
    for (const p of SYSTEM_PATHS) expect(fs.existsSync(p), p).toBe(false);
  });
});
