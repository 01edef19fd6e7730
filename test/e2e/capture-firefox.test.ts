/**
 * The same capture in Firefox (firefox-esr, MV3 background script): the IdP's POST is observed,
 * the host registered with `bastionless install --browser firefox` answers over native messaging,
 * the STS stand-in issues credentials, and the profile is written.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { startFakeIdp } from "../fakes/idp/index";
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
