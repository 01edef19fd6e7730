/**
 * What a managed Firefox deployment (docs/deploy.md §4) needs, made for a test: the store xpi
 * from `npm run package:extension` served from loopback, an enterprise policies.json in a folder
 * Debian's firefox-esr reads, and a Firefox started directly with nothing but a profile folder,
 * so the add-on can only arrive through the policy (no temporary add-on install, no puppeteer
 * launch defaults). Its console is read from stdout: the policy engine reports each install
 * there ("Policies: Installation succeeded - URL", "Download failed - ERROR_… - URL").
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import readline from "node:readline";
import puppeteer, { type Browser } from "puppeteer-core";
import { ADDON_ID, ADDON_UUID, FIREFOX_BIN, type FirefoxSession } from "./browser-firefox";
import { placeSystemFile } from "./system-file";
import { until } from "./until";

/**
 * Where Debian's firefox-esr 153 reads policies.json, first one found wins (both seen in its
 * "policies.json path = …" log line): the system config folder (the build's SysConfD is
 * /etc/firefox, not /etc/firefox-esr), then the installation's distribution folder.
 */
export const ETC_POLICIES = "/etc/firefox/policies/policies.json";
export const DISTRIBUTION_POLICIES = "/usr/lib/firefox-esr/distribution/policies.json";

/** Writes `policies` as policies.json at `file`; the returned function takes it away again. */
export function writeFirefoxPolicies(file: string, policies: object): () => void {
  return placeSystemFile(file, JSON.stringify({ policies }, null, 2));
}

export interface XpiServer {
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves the xpi as /bastionless.xpi on 127.0.0.1, with the type Firefox expects for add-ons. */
export async function serveXpi(xpi: string): Promise<XpiServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.url === "/bastionless.xpi") {
      res.writeHead(200, { "content-type": "application/x-xpinstall" });
      res.end(fs.readFileSync(xpi));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/bastionless.xpi`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface PolicyFirefox {
  session: FirefoxSession;
  /** Every line Firefox printed so far. */
  lines: string[];
  /** Waits for a printed line matching `re` and returns it. */
  line(what: string, re: RegExp): Promise<string>;
}

/**
 * firefox-esr, headless, with a fresh profile whose user.js only fixes the add-on's internal
 * UUID (a stable popup URL) and sends the chrome console, policy log at debug level, to stdout.
 * WebDriver BiDi on a loopback port is how the test reaches the add-on's pages.
 */
export async function startFirefoxForPolicies(
  profileDir: string,
  env: NodeJS.ProcessEnv,
): Promise<PolicyFirefox> {
  fs.mkdirSync(profileDir, { recursive: true });
  const prefs: Record<string, string | boolean> = {
    "extensions.webextensions.uuids": JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
    "devtools.console.stdout.chrome": true,
    "browser.dom.window.dump.enabled": true,
    "browser.policies.loglevel": "debug",
    "browser.shell.checkDefaultBrowser": false,
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": false,
  };
  fs.writeFileSync(
    path.join(profileDir, "user.js"),
    Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
      .join(""),
  );
  const child = spawn(
    FIREFOX_BIN,
    [
      "--headless",
      "--no-remote",
      "--profile",
      profileDir,
      "--remote-debugging-port=0",
      // Navigating to moz-extension:// over BiDi needs it (docs/testing/browser-e2e.md §9).
      "--remote-allow-system-access",
      "about:blank",
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let gone = false;
  const exited = new Promise<void>((r) =>
    child.once("exit", () => {
      gone = true;
      r();
    }),
  );
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    readline.createInterface(stream).on("line", (l) => lines.push(l));
  // No deadline of its own (test/support/until.ts): Firefox ending without the line is the failure.
  const line = (what: string, re: RegExp) =>
    until(what, () => {
      const found = lines.find((l) => re.test(l));
      if (!found && gone) throw new Error("Firefox exited first");
      return found;
    }).catch((err: Error) => {
      throw new Error(`${err.message}; Firefox printed:\n${lines.slice(-40).join("\n")}`);
    });
  let browser: Browser;
  try {
    const listening = await line("Firefox's WebDriver BiDi endpoint", /WebDriver BiDi listening on ws:\/\//);
    const endpoint = listening.slice(listening.indexOf("ws://")).trim();
    browser = await puppeteer.connect({
      browserWSEndpoint: `${endpoint}/session`,
      protocol: "webDriverBiDi",
    });
  } catch (err) {
    child.kill("SIGTERM");
    await exited;
    throw err;
  }
  return {
    lines,
    line,
    session: {
      browser,
      addonId: ADDON_ID,
      popupUrl: `moz-extension://${ADDON_UUID}/popup.html`,
      async close() {
        await browser.close().catch(() => undefined);
        if (child.exitCode === null) child.kill("SIGTERM");
        await exited;
      },
    },
  };
}

/** The add-ons Firefox recorded in the profile (extensions.json, complete once Firefox has exited). */
export function profileAddons(profileDir: string): Array<{ id: string; location: string; active: boolean }> {
  const file = path.join(profileDir, "extensions.json");
  // Firefox writes it for every profile it ran (built-in add-ons are listed too): absent means it never got that far.
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: Firefox did not record its add-ons`);
  return JSON.parse(fs.readFileSync(file, "utf8")).addons;
}
