/**
 * The same capture in Firefox (firefox-esr, MV3 background script): the IdP's POST is observed,
 * the host registered with `bastionless install --browser firefox` answers over native messaging,
 * the STS stand-in issues credentials, and the profile is written.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { HOSTILE_HOST, startFakeIdp } from "../fakes/idp/index";
import { startFakeSts } from "../fakes/sts/index";
import { makeSamlResponse, role } from "../fixtures/saml";
import {
  type FirefoxSession,
  firefoxExtensionState,
  launchFirefoxWithExtension,
  openFirefoxPopup,
  signInFirefox,
  warmUpFirefox,
} from "../support/browser-firefox";
import { makeSandbox } from "../support/sandbox";
import { until } from "../support/until";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse())
    await Promise.resolve()
      .then(c)
      .catch(() => undefined);
});

it("Firefox: capture → native round trip → profile written, shown in the popup", async () => {
  const sandbox = makeSandbox();
  cleanups.push(() => sandbox.cleanup());
  const idp = await startFakeIdp(sandbox.dir);
  cleanups.push(() => idp.close());
  const sts = await startFakeSts();
  cleanups.push(() => sts.close());
  const env = { ...sandbox.env, AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_IAM: sts.url };
  const ff: FirefoxSession = await launchFirefoxWithExtension({
    profileDir: path.join(sandbox.dir, "firefox"),
    env,
    idp,
  });
  cleanups.push(() => ff.close());
  expect(ff.addonId).toBe("bastionless@bastionless.dev");
  expect(
    fs.existsSync(path.join(sandbox.home, ".mozilla/native-messaging-hosts/com.bastionless.host.json")),
  ).toBe(true);

  const popup = await openFirefoxPopup(ff);
  await warmUpFirefox(ff, popup);
  const admin = role("123456789012", "Admin");
  const saml = makeSamlResponse({ roles: [admin], sessionName: "carol@contoso.example" }).base64;
  const request = await signInFirefox(ff, idp, { samlResponse: saml });
  expect(request.fields.SAMLResponse).toBe(saml);

  await popup.waitForSelector("#profiles tr[data-profile='123456789012-Admin']", { timeout: 20_000 });
  expect(fs.readFileSync(sandbox.credentialsFile, "utf8")).toMatch(
    /\[123456789012-Admin\][^[]*aws_session_token = /,
  );
  expect(sts.calls.filter((c) => c.action === "AssumeRoleWithSAML").map((c) => c.roleArn)).toEqual([
    admin.roleArn,
  ]);
  const state = await firefoxExtensionState(popup);
  expect(state.host).toMatchObject({ state: "ok" });
  expect(state.lastSignIn).toMatchObject({
    sessionName: "carol@contoso.example",
    written: [{ profile: "123456789012-Admin" }],
  });
  expect(JSON.stringify(state)).not.toContain(saml);
});

/** Sandbox, fake IdP and STS, Firefox with the add-on and its popup, warmed up; all cleaned up. */
async function startFirefox() {
  const sandbox = makeSandbox();
  cleanups.push(() => sandbox.cleanup());
  const idp = await startFakeIdp(sandbox.dir);
  cleanups.push(() => idp.close());
  const sts = await startFakeSts();
  cleanups.push(() => sts.close());
  const env = { ...sandbox.env, AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_IAM: sts.url };
  const ff = await launchFirefoxWithExtension({ profileDir: path.join(sandbox.dir, "firefox"), env, idp });
  cleanups.push(() => ff.close());
  const popup = await openFirefoxPopup(ff);
  await warmUpFirefox(ff, popup);
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f).toString("base64") : "");
  const bytes = () => [read(sandbox.credentialsFile), read(sandbox.configFile)];
  // IAM ListAccountAliases (the {account} of the profile name) goes to the same stand-in.
  const assumed = () => sts.calls.filter((c) => c.action === "AssumeRoleWithSAML").map((c) => c.roleArn);
  return { sandbox, idp, ff, popup, read, bytes, assumed };
}

it("Firefox: refuses a sign-in another site posts, keeps every profile byte, and still takes the IdP's", async () => {
  const { sandbox, idp, ff, popup, read, bytes, assumed } = await startFirefox();
  const ours = role("111111111111", "Admin");
  await signInFirefox(ff, idp, { samlResponse: makeSamlResponse({ roles: [ours] }).base64 });
  await popup.waitForSelector("#profiles tr[data-profile='111111111111-Admin']", { timeout: 20_000 });
  await until("the config written", () => read(sandbox.configFile) !== "");
  // Firefox names the page that sent the form in originUrl, no extra permission needed.
  expect((await firefoxExtensionState(popup)).lastSignIn?.from).toBe("https://login.microsoftonline.com");
  const before = bytes();

  const theirs = role("666666666666", "Admin");
  const hostile = makeSamlResponse({
    roles: [theirs],
    issuer: "https://sts.windows.net/66666666-6666-4666-8666-666666666666/",
  }).base64;
  expect(
    (await signInFirefox(ff, idp, { samlResponse: hostile, from: HOSTILE_HOST })).fields.SAMLResponse,
  ).toBe(hostile);
  await until(
    "the hostile post handled",
    async () => (await firefoxExtensionState(popup)).capture.refused?.length || assumed().length > 1,
  );
  expect(assumed()).toEqual([ours.roleArn]);
  expect(bytes()).toEqual(before);
  const state = await firefoxExtensionState(popup);
  expect(state.capture.refused).toEqual([
    expect.objectContaining({ code: "SIGNIN_SOURCE_UNTRUSTED", from: `https://${HOSTILE_HOST}` }),
  ]);
  await popup.waitForSelector("#refused:not([hidden]) li");
  expect(JSON.stringify(state)).not.toContain(hostile);

  const readOnly = role("111111111111", "ReadOnly");
  await signInFirefox(ff, idp, { samlResponse: makeSamlResponse({ roles: [readOnly] }).base64 });
  await until("the second sign-in", () => assumed().length === 2);
  expect(assumed()).toEqual([ours.roleArn, readOnly.roleArn]);
  await until("the profile rewritten", () => bytes()[0] !== before[0]);
});

it("Firefox: holds a sign-in from a second tenant until the user trusts it in the popup", async () => {
  const { sandbox, idp, ff, popup, read, bytes, assumed } = await startFirefox();
  const ours = role("111111111111", "Admin");
  await signInFirefox(ff, idp, { samlResponse: makeSamlResponse({ roles: [ours] }).base64 });
  await popup.waitForSelector("#profiles tr[data-profile='111111111111-Admin']", { timeout: 20_000 });
  await until("the config written", () => read(sandbox.configFile) !== "");
  const before = bytes();
  const issuer = "https://sts.windows.net/66666666-6666-4666-8666-666666666666/";
  const theirs = role("666666666666", "Admin");
  await signInFirefox(ff, idp, { samlResponse: makeSamlResponse({ roles: [theirs], issuer }).base64 });
  await popup.waitForSelector("#held:not([hidden]) button[data-key=held-trust]", { timeout: 20_000 });
  expect(assumed()).toEqual([ours.roleArn]);
  expect(bytes()).toEqual(before);
  expect(await popup.$eval("[data-testid=held-issuer]", (e) => e.textContent)).toBe(issuer);
  await popup.click("#held button[data-key=held-trust]");
  await until("the held sign-in used", () => assumed().length === 2);
  expect(assumed()).toEqual([ours.roleArn, theirs.roleArn]);
  await until("the profile written", () => bytes()[0] !== before[0]);
});
