/**
 * Who sent the sign-in (issue 17, finding 1: login CSRF), in real Chromium. A page on another
 * origin auto-submits an assertion for another AWS account to the sign-in endpoint, exactly as
 * the IdP does; the extension must refuse it, say why, and leave every profile byte as it was,
 * while the user's own IdP sign-in in the same browser still goes through. A sign-in from a
 * second Entra tenant is held until the user chooses in the popup.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { HOSTILE_HOST, IDP_HOST } from "../fakes/idp/index";
import { makeSamlResponse, role, TENANT_ID } from "../fixtures/saml";
import { extensionState, openPopup, signIn, warmUp } from "../support/browser";
import { type BrowserWorld, startBrowserWorld } from "../support/browser-world";
import { until } from "../support/until";

let world: BrowserWorld | null = null;
async function start(): Promise<BrowserWorld> {
  world = await startBrowserWorld();
  return world;
}
afterEach(async () => {
  await world?.close();
  world = null;
});

const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f) : Buffer.alloc(0));
const profileBytes = (w: BrowserWorld) => ({
  credentials: read(w.sandbox.credentialsFile).toString("base64"),
  config: read(w.sandbox.configFile).toString("base64"),
});
/** Both files written: the credentials name the account, the config names the profile. */
const written = (w: BrowserWorld, account: string) =>
  read(w.sandbox.credentialsFile).includes(account) &&
  read(w.sandbox.configFile).includes(`[profile ${account}-Admin]`);
const assumed = (w: BrowserWorld) =>
  w.sts.calls.filter((c) => c.action === "AssumeRoleWithSAML").map((c) => c.roleArn);

const OURS = role("111111111111", "Admin");
const THEIRS = role("666666666666", "Admin");
const ATTACKER_ISSUER = "https://sts.windows.net/66666666-6666-4666-8666-666666666666/";

/** Submits the fake AWS page's role-picker form, which re-posts the SAMLResponse to /saml. */
async function repost(w: BrowserWorld, page: Page, saml: string): Promise<void> {
  const arrived = w.idp.waitFor((r) => r.fields.SAMLResponse === saml && r.fields.RelayState === undefined);
  await page.evaluate(() => (document.getElementById("saml_form") as HTMLFormElement).submit());
  await arrived;
}

describe("capture only from the user's identity provider (Chromium)", () => {
  it("refuses a sign-in another site posts, keeps every profile byte, and still takes the IdP's", async () => {
    const w = await start();
    await warmUp(w.chromium);
    const mine = makeSamlResponse({ roles: [OURS], sessionName: "dana@contoso.example" }).base64;
    const { page: landed } = await signIn(w.chromium, w.idp, { samlResponse: mine });
    await until("the user's profile", () => written(w, "111111111111"));
    // With host permission for the IdP's origin Chromium reports the initiator (browser-e2e §4).
    expect((await extensionState(w.chromium)).lastSignIn?.from).toBe(`https://${IDP_HOST}`);
    const before = profileBytes(w);
    // The AWS page's own role picker posts the same assertion again: known, not taken twice.
    await repost(w, landed, mine);
    await until("the re-post noted", async () =>
      (await extensionState(w.chromium)).capture.lastIgnored?.reason.includes("re-posted"),
    );

    const hostile = makeSamlResponse({ roles: [THEIRS], issuer: ATTACKER_ISSUER }).base64;
    const { request, page: planted } = await signIn(w.chromium, w.idp, {
      samlResponse: hostile,
      from: HOSTILE_HOST,
    });
    expect(request.fields.SAMLResponse).toBe(hostile); // the browser still posts it; AWS is not ours to block
    await until(
      "the hostile post handled",
      async () => (await extensionState(w.chromium)).capture.refused?.length || assumed(w).length > 1,
    );
    expect(assumed(w)).toEqual([OURS.roleArn]);
    expect(profileBytes(w)).toEqual(before);
    const state = await extensionState(w.chromium);
    // Without host permission for evil.example Chromium leaves `initiator` out: refused as unknown.
    expect(state.capture.refused).toEqual([
      expect.objectContaining({
        code: "SIGNIN_SOURCE_UNKNOWN",
        from: null,
        url: "https://signin.aws.amazon.com/saml",
      }),
    ]);
    expect(state.lastSignIn?.sessionName).toBe("dana@contoso.example");
    expect(JSON.stringify(state)).not.toContain(hostile);

    // The user then clicks on through the AWS page the attacker landed them on: still refused.
    await repost(w, planted, hostile);
    await until(
      "the re-post refused",
      async () => (await extensionState(w.chromium)).capture.refused?.length === 2,
    );
    expect((await extensionState(w.chromium)).capture.refused?.[0]).toMatchObject({
      code: "SIGNIN_REPOST_UNKNOWN",
      from: "https://signin.aws.amazon.com",
    });
    expect(assumed(w)).toEqual([OURS.roleArn]);
    expect(profileBytes(w)).toEqual(before);

    const popup = await openPopup(w.chromium);
    await popup.waitForSelector("#refused:not([hidden]) li");
    expect(await popup.textContent("#refused li:last-child")).toContain("did not say which page sent it");

    // The user's own next sign-in in the same browser still writes.
    const readOnly = role("111111111111", "ReadOnly");
    await signIn(w.chromium, w.idp, { samlResponse: makeSamlResponse({ roles: [readOnly] }).base64 });
    await until("the second sign-in", () => assumed(w).length === 2);
    await until("the profile rewritten", () => profileBytes(w).credentials !== before.credentials);
    expect(assumed(w)).toEqual([OURS.roleArn, readOnly.roleArn]);
  });

  it("holds a sign-in from a second tenant until the user trusts it in the popup", async () => {
    const w = await start();
    await warmUp(w.chromium);
    await signIn(w.chromium, w.idp, { samlResponse: makeSamlResponse({ roles: [OURS] }).base64 });
    await until("the first profile", () => written(w, "111111111111"));
    const pinned = `https://sts.windows.net/${TENANT_ID}/`;
    const worker = await w.chromium.worker();
    const trust = () =>
      worker.evaluate(
        async () => (await chrome.storage.local.get("trust")).trust as { pinnedIssuer?: string } | undefined,
      );
    await until("the tenant pinned on first use", async () => (await trust())?.pinnedIssuer === pinned);
    const before = profileBytes(w);

    const other = makeSamlResponse({ roles: [THEIRS], issuer: ATTACKER_ISSUER }).base64;
    await signIn(w.chromium, w.idp, { samlResponse: other });
    await until("the sign-in held", async () => (await extensionState(w.chromium)).held);
    expect(assumed(w)).toHaveLength(1);
    expect(profileBytes(w)).toEqual(before);
    const session = await worker.evaluate(() => chrome.storage.session.get(null));
    expect(JSON.stringify((session as { state: unknown }).state)).not.toContain(other);

    const popup = await openPopup(w.chromium);
    await popup.waitForSelector("#held:not([hidden]) button");
    expect(await popup.textContent("#held")).toContain(ATTACKER_ISSUER);
    expect(assumed(w)).toHaveLength(1);
    await popup.click("#held button[data-key=held-trust]");
    await until("the held sign-in written", () => written(w, "666666666666"));
    expect(assumed(w)).toEqual([OURS.roleArn, THEIRS.roleArn]);
    await until("the new tenant pinned", async () => (await trust())?.pinnedIssuer === ATTACKER_ISSUER);
    await popup.waitForSelector("#held", { state: "hidden" });

    // Discard: nothing is written and the pin stays.
    const third = makeSamlResponse({ roles: [OURS] }).base64;
    const afterTrust = profileBytes(w);
    await signIn(w.chromium, w.idp, { samlResponse: third });
    await popup.waitForSelector("#held:not([hidden]) button[data-key=held-discard]");
    await popup.click("#held button[data-key=held-discard]");
    await popup.waitForSelector("#held", { state: "hidden" });
    expect(assumed(w)).toHaveLength(2);
    expect(profileBytes(w)).toEqual(afterTrust);
    expect((await trust())?.pinnedIssuer).toBe(ATTACKER_ISSUER);
    expect(JSON.stringify(await worker.evaluate(() => chrome.storage.session.get(null)))).not.toContain(
      third,
    );

    // The pin is shown and editable in the options: emptied, the next sign-in's tenant is remembered.
    const options = await w.chromium.context.newPage();
    await options.goto(`chrome-extension://${w.chromium.extensionId}/options.html`);
    await options.waitForSelector("#trust[data-ready] #trust-issuer");
    expect(await options.inputValue("#trust-issuer")).toBe(ATTACKER_ISSUER);
    await options.fill("#trust-issuer", "");
    await options.click("#trust-save");
    await options.waitForSelector("#trust-saved:text('Saved')");
    expect(await trust()).toEqual({ idpOrigins: [], pinnedIssuer: null });
    await signIn(w.chromium, w.idp, { samlResponse: makeSamlResponse({ roles: [OURS] }).base64 });
    await until("the sign-in used under a fresh pin", () => assumed(w).length === 3);
    await until("the tenant pinned again", async () => (await trust())?.pinnedIssuer === pinned);
  });
});
