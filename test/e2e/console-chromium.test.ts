/**
 * Open console in real Chromium with the real host (issue 11): clicking the profile row's button
 * opens a new tab at the fake federation endpoint's login URL, which signs in with a token minted
 * from the session the fake STS issued and redirects to the profile region's console.
 */
import fs from "node:fs";
import path from "node:path";
import type { Request } from "playwright-core";
import { afterEach, expect, it } from "vitest";
import { makeSamlResponse, role } from "../fixtures/saml";
import { extensionState, openPopup, putSettings, signIn, warmUp } from "../support/browser";
import { type BrowserWorld, startBrowserWorld } from "../support/browser-world";
import { until } from "../support/until";

let world: BrowserWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

it("Open console opens a tab at the login URL, which redirects to the region's console", async () => {
  world = await startBrowserWorld();
  const w = world;
  await putSettings(w.chromium, { launchRdp: false });
  await warmUp(w.chromium);
  await signIn(w.chromium, w.idp, {
    samlResponse: makeSamlResponse({ roles: [role("123456789012", "Admin")] }).base64,
  });
  const profile = await until(
    "the written profile",
    async () => (await extensionState(w.chromium)).profiles[0],
  );
  const region = profile.region!;
  const destination = `https://${region}.console.aws.amazon.com/console/home?region=${region}`;

  const popup = await openPopup(w.chromium);
  const button = `#profiles [data-key='console-${profile.profile}']:not([disabled])`;
  await popup.waitForSelector(button, { timeout: 20_000 });

  // The console host is not reachable here: the redirect's request in the new tab is the landing.
  const landed = w.chromium.context.waitForEvent("request", {
    predicate: (r: Request) => r.url() === destination,
    timeout: 30_000,
  });
  const tabs = w.chromium.context.pages().length;
  await popup.click(button);
  const request = await landed;

  expect(request.isNavigationRequest()).toBe(true);
  await until("the console tab", () => w.chromium.context.pages().length === tabs + 1);
  // The fake endpoint saw the token minted for the STS session, then a login with it that it redirected.
  expect(w.signin.calls).toMatchObject([
    { action: "getSigninToken", outcome: "ok", sessionDuration: false },
    { action: "login", outcome: "ok", destination },
  ]);
  const issued = w.sts.calls.find((c) => c.credentials)!.credentials!;
  expect(w.signin.calls[0]!.accessKeyId).toBe(issued.accessKeyId);
  // Neither the login URL nor its token is kept in the extension's state.
  const token = [...w.signin.tokens.keys()][0]!;
  expect(JSON.stringify(await extensionState(w.chromium))).not.toContain(token);
  // Nor is it, or the session's secret key, in the host's logs.
  const logDir = w.env.BASTIONLESS_LOG_DIR!;
  const logs = fs.existsSync(logDir)
    ? fs
        .readdirSync(logDir)
        .map((f) => fs.readFileSync(path.join(logDir, f), "utf8"))
        .join("\n")
    : "";
  expect(logs).not.toContain(token);
  expect(logs).not.toContain(issued.secretAccessKey);
});
