/**
 * SAML capture in real Chromium: the fake IdP auto-POSTs an Entra-shaped SAMLResponse to the AWS
 * sign-in host (mapped to a local HTTPS server), the extension hands it to the real host
 * registered with `bastionless install`, the host calls the STS stand-in, and the profile lands in
 * the credentials file; the popup then shows it.
 */
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { makeSamlResponse, role, SIGNIN_GOV } from "../fixtures/saml";
import {
  extensionState,
  openPopup,
  putSettings,
  signIn,
  stopServiceWorker,
  warmUp,
} from "../support/browser";
import { type BrowserWorld, startBrowserWorld, type WorldOptions } from "../support/browser-world";
import { until } from "../support/until";

let world: BrowserWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

async function start(o: WorldOptions = {}): Promise<BrowserWorld> {
  world = await startBrowserWorld(o);
  return world;
}

const credentials = (w: BrowserWorld) =>
  fs.existsSync(w.sandbox.credentialsFile) ? fs.readFileSync(w.sandbox.credentialsFile, "utf8") : "";

const ADMIN = role("123456789012", "Admin");

describe("capture in Chromium", () => {
  it("writes the profile from a one-role sign-in and shows it in the popup", async () => {
    const w = await start();
    await warmUp(w.chromium);
    const saml = makeSamlResponse({ roles: [ADMIN], sessionName: "alice@contoso.example" }).base64;
    const { request } = await signIn(w.chromium, w.idp, { samlResponse: saml });
    expect(request.fields.SAMLResponse).toBe(saml); // observed, not blocked or changed
    await until("the 123456789012-Admin profile", () => credentials(w).includes("[123456789012-Admin]"));
    expect(credentials(w)).toMatch(/\[123456789012-Admin\][^[]*aws_session_token = /);
    expect(w.sts.calls.filter((c) => c.action === "AssumeRoleWithSAML").map((c) => c.roleArn)).toEqual([
      ADMIN.roleArn,
    ]);

    const popup = await openPopup(w.chromium);
    await popup.waitForSelector("#profiles tr[data-profile='123456789012-Admin']");
    expect(await popup.textContent("#host")).toMatch(/^Helper \d+\.\d+\.\d+/);
    expect(await popup.textContent("#signin")).toContain("alice@contoso.example");
    const left = await popup.textContent("#profiles tr[data-profile='123456789012-Admin'] .countdown");
    expect(left).toMatch(/^(\d+ h \d\d min|\d+:\d\d)$/);
    const state = await extensionState(w.chromium);
    expect(JSON.stringify(state)).not.toContain(saml);
    expect(state.error).toBeNull();
  });

  it("wakes a stopped service worker with the POST", async () => {
    const w = await start();
    await warmUp(w.chromium);
    await stopServiceWorker(w.chromium);
    const saml = makeSamlResponse({ roles: [ADMIN] }).base64;
    await signIn(w.chromium, w.idp, { samlResponse: saml });
    await until("the 123456789012-Admin profile", () => credentials(w).includes("[123456789012-Admin]"));
  });

  it("captures at a regional and a GovCloud endpoint", async () => {
    const w = await start();
    await warmUp(w.chromium, "us-west-2.signin.aws.amazon.com");
    const regional = "https://us-west-2.signin.aws.amazon.com/saml";
    await signIn(w.chromium, w.idp, {
      samlResponse: makeSamlResponse({ roles: [ADMIN], destination: regional }).base64,
      action: regional,
    });
    await until("the regional profile", () => credentials(w).includes("[123456789012-Admin]"));
    expect((await extensionState(w.chromium)).lastSignIn).toMatchObject({ url: regional, partition: "aws" });

    await putSettings(w.chromium, { profileTemplate: "gov" });
    const gov = role("123456789012", "Admin", { partition: "aws-us-gov" });
    await signIn(w.chromium, w.idp, {
      samlResponse: makeSamlResponse({ roles: [gov], destination: SIGNIN_GOV }).base64,
      action: SIGNIN_GOV,
    });
    await until("the GovCloud profile", () => credentials(w).includes("[gov]"));
    expect((await extensionState(w.chromium)).lastSignIn).toMatchObject({
      url: SIGNIN_GOV,
      partition: "aws-us-gov",
    });
    expect(w.sts.calls.filter((c) => c.action === "AssumeRoleWithSAML").map((c) => c.roleArn)).toEqual([
      ADMIN.roleArn,
      gov.roleArn,
    ]);
  });

  it("asks which role when there are several, and writes the one chosen", async () => {
    const w = await start();
    await warmUp(w.chromium);
    const roles = [ADMIN, role("123456789012", "ReadOnly"), role("210987654321", "Ops")];
    const saml = makeSamlResponse({ roles, sessionName: "bob@contoso.example" }).base64;
    await signIn(w.chromium, w.idp, { samlResponse: saml });
    const popup = await openPopup(w.chromium);
    await popup.waitForSelector("#picker:not([hidden]) input[type=radio]");
    expect(await popup.locator("#picker input[type=radio]").count()).toBe(4); // three roles + all roles
    expect(w.sts.calls).toHaveLength(0);
    // Keyboard only: the radio group moves with arrow keys.
    await popup.focus("#picker input[type=radio]:checked");
    await popup.keyboard.press("ArrowDown");
    await popup.keyboard.press("ArrowDown");
    await popup.fill("#pick-profile", "ops");
    await popup.click("#picker button[type=submit]");
    await until("the ops profile", () => credentials(w).includes("[ops]"));
    expect(w.sts.calls.map((c) => c.roleArn)).toEqual([roles[2]!.roleArn]);
    await popup.waitForSelector("#picker", { state: "hidden" });
    await popup.waitForSelector("#profiles tr[data-profile='ops']");
    const state = await extensionState(w.chromium);
    expect(state.pending).toBeNull();
    const session = await (await w.chromium.worker()).evaluate(() => chrome.storage.session.get(null));
    expect(JSON.stringify(session)).not.toContain(saml);
  });

  it("tells how to install the host when it is not registered", async () => {
    const w = await start({ registerHost: false });
    await warmUp(w.chromium);
    await signIn(w.chromium, w.idp, { samlResponse: makeSamlResponse({ roles: [ADMIN] }).base64 });
    const popup = await openPopup(w.chromium);
    await popup.waitForSelector("[data-testid=error-command]");
    expect(await popup.textContent("[data-testid=host-status]")).toBe("Helper not installed");
    expect(await popup.textContent("[data-testid=error-command]")).toBe("bastionless install");
    expect((await extensionState(w.chromium)).error?.code).toBe("HOST_NOT_INSTALLED");
    expect(credentials(w)).toBe("");
  });

  it("ignores a GET, a POST without SAMLResponse, and everything with capture off", async () => {
    const w = await start();
    await warmUp(w.chromium);
    const saml = makeSamlResponse({ roles: [ADMIN] }).base64;
    await signIn(w.chromium, w.idp, { samlResponse: saml, method: "GET" });
    await until(
      "the GET noted",
      async () => (await extensionState(w.chromium)).capture.lastIgnored?.reason === "GET, not a POST",
    );
    await signIn(w.chromium, w.idp, { samlResponse: null });
    await until(
      "the POST noted",
      async () =>
        (await extensionState(w.chromium)).capture.lastIgnored?.reason ===
        "POST without a SAMLResponse field",
    );
    await putSettings(w.chromium, { capture: false });
    await signIn(w.chromium, w.idp, { samlResponse: saml });
    await until(
      "the sign-in noted as not captured",
      async () =>
        (await extensionState(w.chromium)).capture.lastIgnored?.reason === "capture is off in the options",
    );
    const state = await extensionState(w.chromium);
    expect(state.capture.seen).toBe(0);
    expect(state.lastSignIn).toBeNull();
    expect(w.sts.calls).toHaveLength(0);
    expect(credentials(w)).toBe("");
  });
});
