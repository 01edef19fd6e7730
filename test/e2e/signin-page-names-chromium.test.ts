/**
 * Account names from the AWS sign-in page (issue 11, "Account names everywhere"), in real Chromium
 * with the real host: a sign-in with several roles lands on the (fake) AWS SAML page, whose role
 * picker shows the accounts as the real page does; the content script reads those names, the host
 * keeps them as page names, and the popup shows `name (id)` for an account whose role may not call
 * iam:ListAccountAliases (the fake IAM refuses it), the id alone for an account the page names by id.
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

const NAMED = "111122223333";
const UNNAMED = "444455556666";

it("keeps the names the sign-in page shows and shows them when IAM refuses the alias", async () => {
  world = await startBrowserWorld({ sts: { accountAliases: { [NAMED]: "contoso-prod" }, iamDenied: true } });
  const w = world;
  await putSettings(w.chromium, { allRoles: true });
  await warmUp(w.chromium);
  const roles = [role(NAMED, "Admin"), role(NAMED, "ReadOnly"), role(UNNAMED, "Admin")];
  const { page } = await signIn(w.chromium, w.idp, {
    samlResponse: makeSamlResponse({ roles, sessionName: "gus@contoso.example" }).base64,
  });
  // The page the content script read: the role picker, as AWS marks it up.
  expect(
    await page.$$eval("fieldset > div.saml-account div.saml-account-name", (e) =>
      e.map((x) => x.textContent),
    ),
  ).toEqual([`Account: contoso-prod (${NAMED})`, `Account: ${UNNAMED}`]);
  await until("three profiles", async () => (await extensionState(w.chromium)).profiles.length === 3 || null);
  // IAM was asked and refused: the name can only have come from the page.
  expect(w.sts.calls.filter((c) => c.action === "ListAccountAliases").map((c) => c.outcome)).toContain(
    "AccessDenied",
  );
  expect(w.sts.calls.filter((c) => c.action === "ListAccountAliases").map((c) => c.outcome)).not.toContain(
    "ok",
  );

  const file = path.join(w.env.BASTIONLESS_CONFIG_DIR!, "account-names.json");
  const stored = await until("the page names", async () => {
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    return text.includes("contoso-prod") ? JSON.parse(text) : null;
  });
  expect(stored.accounts).toEqual({
    [NAMED]: { alias: "contoso-prod", at: expect.any(String), source: "page" },
  });
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);

  const popup = await openPopup(w.chromium);
  const profiles = (await extensionState(w.chromium)).profiles;
  const of = (id: string, name: string) =>
    profiles.find((p) => p.roleArn === `arn:aws:iam::${id}:role/${name}`)!.profile;
  const row = (id: string, name: string) => `#profiles tr[data-profile='${of(id, name)}']`;
  await popup.waitForSelector(row(NAMED, "ReadOnly"));
  await until(
    "the page name in the popup",
    async () =>
      (await popup.textContent(row(NAMED, "ReadOnly")))?.includes(`contoso-prod (${NAMED})`) || null,
  );
  expect(await popup.textContent(row(NAMED, "Admin"))).toContain(`contoso-prod (${NAMED})`);
  expect(await popup.textContent(row(UNNAMED, "Admin"))).toContain(UNNAMED);
  expect(await popup.textContent(row(UNNAMED, "Admin"))).not.toContain(`(${UNNAMED})`);
});
