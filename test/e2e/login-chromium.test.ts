/**
 * `bastionless login` end to end (issue 12): the built CLI opens a sign-in source's launch URL
 * through `xdg-open`, and a real Chromium with the extension does the sign-in. The opener on PATH
 * is a tiny script that hands the URL to the running test Chromium (a new tab), standing for the
 * OS's glue between xdg-open and the default browser. While the Entra session lives, login prints
 * the profiles and exits 0; once it ended (the prompt page, no POST), login ends with
 * LOGIN_TIMEOUT after its own --timeout and exits non-zero.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { role } from "../fixtures/saml";
import { runCli } from "../integration/assume-run-cli";
import { putSettings, warmUp } from "../support/browser";
import { type BrowserWorld, startBrowserWorld } from "../support/browser-world";
import { until } from "../support/until";

let world: BrowserWorld | null = null;
let forwarding = false;
afterEach(async () => {
  forwarding = false;
  await world?.close();
  world = null;
});

const ADMIN = role("123456789012", "Admin");
const APP_ID = "7a9c1e3f-5b2d-4c6e-8f0a-2b4d6f8a0c1e";

/** Opens every URL the script recorded in a new tab of the test's Chromium, in order. */
function forwardOpenedUrls(w: BrowserWorld, file: string, opened: string[]): void {
  forwarding = true;
  void (async () => {
    while (forwarding) {
      const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
      for (const url of lines.slice(opened.length)) {
        opened.push(url);
        const tab = await w.chromium.context.newPage();
        await tab.goto(url).catch(() => undefined); // the auto-post navigates away at once
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
}

it("signs in through the browser and lists the profiles; times out when Entra wants the user", async () => {
  world = await startBrowserWorld();
  const w = world;
  await putSettings(w.chromium, { launchRdp: false });
  await warmUp(w.chromium);
  const launchUrl = w.idp.entra.addApp({
    appId: APP_ID,
    roles: [ADMIN],
    sessionName: "dana@contoso.example",
  });

  // The user signed in once through the app's launch (this starts the Entra session).
  const user = await w.chromium.context.newPage();
  await user.goto(launchUrl);
  const signIn = await until("the sign-in tab", () =>
    w.chromium.context.pages().find((p) => p.url().startsWith("https://login.microsoftonline.com/")),
  );
  await signIn.waitForSelector("#idSIButton9");
  await signIn.click("#idSIButton9");
  await until("the first profile", () => fs.existsSync(w.sandbox.credentialsFile));

  // Renewal on, with the launch URL as a source: the extension tells the host its sources.
  const options = await w.chromium.context.newPage();
  await options.goto(`chrome-extension://${w.chromium.extensionId}/options.html`);
  await options.waitForSelector("#renewal[data-ready]");
  await options.evaluate(() => chrome.runtime.sendMessage({ type: "renewal-enable", enabled: true }));
  await options.fill("#renewal-url", launchUrl);
  await options.fill("#renewal-name", "AWS production");
  await options.click("#renewal-add");
  await options.waitForSelector("#renewal-sources li[data-source]");
  const sourcesFile = path.join(w.env.BASTIONLESS_CONFIG_DIR!, "sign-in-sources.json");
  await until("the sources on the host's side", () => {
    try {
      return fs.readFileSync(sourcesFile, "utf8").includes("AWS production");
    } catch {
      return false;
    }
  });

  const bin = path.join(w.sandbox.dir, "bin");
  const record = path.join(w.sandbox.dir, "opened-urls");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "xdg-open"), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${record}'\n`, {
    mode: 0o700,
  });
  const env = { ...w.env, PATH: `${bin}:${w.env.PATH}` };
  const opened: string[] = [];
  forwardOpenedUrls(w, record, opened);

  // With the Entra session alive the launch auto-posts, the extension writes the profile.
  const launches = w.idp.entra.counts.launches;
  const ok = await runCli(["login", "--source", "AWS production", "--timeout", "600"], env, {
    timeoutMs: null,
  });
  expect(ok.code, ok.stderr).toBe(0);
  expect(opened).toEqual([launchUrl]);
  expect(w.idp.entra.counts.launches).toBe(launches + 1);
  expect(ok.stdout).toMatch(
    /^Profile 123456789012-Admin: arn:aws:iam::123456789012:role\/Admin, expires .+\.\n$/,
  );
  expect(ok.stderr).toContain("Opened AWS production in your browser");

  // The Entra session ends: the launch shows the prompt, nothing is posted, login gives up.
  w.idp.entra.endSessions();
  const prompts = w.idp.entra.counts.prompts;
  const key = fs.readFileSync(w.sandbox.credentialsFile, "utf8");
  // --json: the error as one object with its stable code (a script's way to tell a time-out).
  const late = await runCli(["login", "--source", "AWS production", "--timeout", "5", "--json"], env, {
    timeoutMs: null,
  });
  expect(late.code, late.stderr).toBe(4);
  expect(JSON.parse(late.stdout).error).toMatchObject({
    code: "LOGIN_TIMEOUT",
    message: expect.stringMatching(/No profile was written within 5 s of opening AWS production/),
  });
  expect(opened).toEqual([launchUrl, launchUrl]);
  // The fault happened: Entra prompted in the forwarded tab, and no profile was written.
  await until("the prompt page", () => w.idp.entra.counts.prompts > prompts);
  expect(fs.readFileSync(w.sandbox.credentialsFile, "utf8")).toBe(key);
});
