/**
 * Issue 11 "Profile ownership", in real Chromium with the real host: a sign-in whose profile
 * holds keys the user wrote by hand is refused, the popup says what holds it, and only the
 * user's "Replace it" writes the STS keys there, after the host saved the old section.
 */
import fs from "node:fs";
import path from "node:path";
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

const PROFILE = "123456789012-Admin";
const KEPT = [
  "# keys I manage myself",
  "[default]",
  "aws_access_key_id = AKIAIOSFODNN7DEFAULT",
  "aws_secret_access_key = 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",
  "",
  "",
].join("\n");
const HAND_WRITTEN = [
  `[${PROFILE}]`,
  "aws_access_key_id = AKIAIOSFODNN7HANDMADE",
  "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYHANDMADEKEY",
  "",
].join("\n");

it("shows the refusal with what holds the profile, and replaces it only on Replace it", async () => {
  world = await startBrowserWorld();
  const w = world;
  const credentials = w.env.AWS_SHARED_CREDENTIALS_FILE!;
  fs.mkdirSync(path.dirname(credentials), { recursive: true, mode: 0o700 });
  fs.writeFileSync(credentials, KEPT + HAND_WRITTEN, { mode: 0o600 });
  await putSettings(w.chromium, { launchRdp: false });
  await warmUp(w.chromium);
  const popup = await openPopup(w.chromium);
  const saml = makeSamlResponse({
    roles: [role("123456789012", "Admin")],
    sessionName: "gus@contoso.example",
  }).base64;
  await signIn(w.chromium, w.idp, { samlResponse: saml });

  const message = popup.locator("#refusal [data-testid=refusal-message]");
  await message.waitFor({ timeout: 20_000 });
  expect(await message.getAttribute("data-code")).toBe("PROFILE_NOT_OWNED");
  expect(await message.textContent()).toContain(`Profile ${PROFILE}`);
  expect(await message.textContent()).toContain("static");
  // Refused, so nothing was written and nothing was forced.
  expect(fs.readFileSync(credentials, "utf8")).toBe(KEPT + HAND_WRITTEN);
  const assumes = () => w.sts.calls.filter((c) => c.action === "AssumeRoleWithSAML").length;
  const assumesBefore = assumes();
  // The assertion is kept for the retry, but never where a view can read it.
  expect(JSON.stringify(await extensionState(w.chromium))).not.toContain(saml);

  await popup.click("#refusal [data-key=refusal-replace]");
  await popup.waitForSelector("#refusal", { state: "hidden", timeout: 20_000 });
  await until("the profile holds the STS keys", async () =>
    fs.readFileSync(credentials, "utf8").includes("aws_session_token"),
  );
  const after = fs.readFileSync(credentials, "utf8");
  expect(after.startsWith(KEPT)).toBe(true);
  const section = after.slice(KEPT.length);
  expect(section.startsWith(`[${PROFILE}]`)).toBe(true);
  expect(section).not.toContain("HANDMADE");
  expect(section).toMatch(/aws_access_key_id = ASIA/);
  expect(assumes()).toBe(assumesBefore + 1);

  const backups = path.join(w.env.BASTIONLESS_CONFIG_DIR!, "backups");
  const saved = fs.readdirSync(backups);
  expect(saved).toHaveLength(1);
  const backup = path.join(backups, saved[0]!);
  expect(fs.readFileSync(backup, "utf8")).toContain(HAND_WRITTEN.trim());
  expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
  // The file is written before the host answers: the extension's state follows its answer.
  await until("the sign-in's written profiles", async () =>
    Boolean((await extensionState(w.chromium)).lastSignIn?.written?.length),
  );
  const state = await extensionState(w.chromium);
  expect(state.lastSignIn?.written).toMatchObject([{ profile: PROFILE, backup }]);
  expect(state.refusal).toBeNull();
  await popup.waitForSelector(`#profiles tr[data-profile='${PROFILE}']`, { timeout: 20_000 });
});
