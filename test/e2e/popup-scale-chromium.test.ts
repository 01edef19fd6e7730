/**
 * The popup with many accounts (issue 11, "Popup that scales" and its Done-when), in real
 * Chromium with the real host and the AWS stand-ins: account names from IAM shown everywhere,
 * no horizontal overflow measured from the DOM, keyboard-only search, tunnels on top with Open
 * RDP again and Copy address, export lines on the clipboard, and five tiles signed in in a row
 * leaving five named profiles side by side.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterEach, expect, it } from "vitest";
import {
  ACCOUNT_ALIASES,
  ACCOUNTS,
  MANY_INSTANCES,
  MANY_ROLES,
  profileOf,
  TILE_ROLES,
} from "../fixtures/many-accounts";
import { makeSamlResponse } from "../fixtures/saml";
import { extensionState, openPopup, putSettings, signIn, warmUp } from "../support/browser";
import { type BrowserWorld, startBrowserWorld } from "../support/browser-world";
import { makeRecorder } from "../support/rdp-client-recorder";
import { until } from "../support/until";

let world: BrowserWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const LONG = profileOf("100000000001", "WindowsAdministratorsForTheRemoteDesktopGatewayFleet");

/** Widths wider than the viewport, from the document down to every panel and row. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`document ${root.scrollWidth} > ${root.clientWidth}`);
    for (const el of document.querySelectorAll<HTMLElement>("main > section, main tr, main li, #find")) {
      if (el.scrollWidth > el.clientWidth)
        out.push(`${el.id || el.tagName} ${el.scrollWidth} > ${el.clientWidth}`);
      if (el.getBoundingClientRect().right > root.clientWidth)
        out.push(`${el.id || el.tagName} ends at ${el.getBoundingClientRect().right}`);
    }
    return out;
  });

const focused = (page: Page) =>
  page.evaluate(
    () => (document.activeElement as HTMLElement | null)?.dataset.key ?? document.activeElement?.id,
  );

const visibleProfiles = (page: Page) =>
  page.$$eval("#profiles tr[data-profile]", (rows) =>
    rows
      .filter((r) => (r as HTMLElement).offsetParent !== null)
      .map((r) => (r as HTMLElement).dataset.profile),
  );

/** Records what the popup puts on the clipboard (the real one needs a focused window). */
const recordClipboard = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { copied: string[] }).copied = [];
    navigator.clipboard.writeText = async (t: string) => {
      (window as unknown as { copied: string[] }).copied.push(t);
    };
  });
const copied = (page: Page) => page.evaluate(() => (window as unknown as { copied: string[] }).copied);

it("shows 10 roles in 5 accounts by name without overflow, and filters them by keyboard alone", async () => {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "bastionless-rdp-rec-"));
  const recorder = makeRecorder(dir, ["remmina", "xfreerdp", "xfreerdp3", "xdg-open"]);
  world = await startBrowserWorld({
    sts: { accountAliases: ACCOUNT_ALIASES },
    instances: MANY_INSTANCES,
    env: { PATH: `${recorder.bin}:${process.env.PATH}` },
  });
  const w = world;
  await putSettings(w.chromium, { launchRdp: false, allRoles: true });
  await warmUp(w.chromium);
  await signIn(w.chromium, w.idp, {
    samlResponse: makeSamlResponse({ roles: MANY_ROLES, sessionName: "gus@contoso.example" }).base64,
  });
  await until("ten profiles", async () => (await extensionState(w.chromium)).profiles.length === 10 || null);

  const popup = await openPopup(w.chromium);
  await popup.waitForSelector(`#profiles tr[data-profile='${LONG}']`);
  await popup.waitForSelector("#instances li[data-instance]", { timeout: 20_000 });
  // Names as users see them: alias and id, or the id alone where IAM gave none.
  for (const a of ACCOUNTS) {
    const label = a.alias ? `${a.alias} (${a.id})` : a.id;
    expect(await popup.textContent(`#profiles tr[data-profile='${profileOf(a.id, "ReadOnly")}']`)).toContain(
      label,
    );
  }
  expect(await overflow(popup)).toEqual([]);

  // Focus is in the search box on open; typing filters, by alias, role or id, in any order.
  expect(await focused(popup)).toBe("find");
  await popup.keyboard.type("readonly fabrikam");
  expect(await visibleProfiles(popup)).toEqual([profileOf("100000000004", "ReadOnly")]);
  expect(await popup.textContent("#find-count")).toMatch(/^1 of \d+$/);
  // Down to the row's first action (Instances), Enter shows that profile's instances.
  await popup.keyboard.press("ArrowDown");
  expect(await focused(popup)).toBe(`instances-${profileOf("100000000004", "ReadOnly")}`);
  await popup.keyboard.press("Enter");
  await until(
    "the selection",
    async () =>
      (await extensionState(w.chromium)).selection?.profile === profileOf("100000000004", "ReadOnly") || null,
  );
  // Back up to the search box, a new query: an instance by its Name tag.
  await popup.keyboard.press("ArrowUp");
  expect(await focused(popup)).toBe("find");
  await popup.keyboard.press("Escape");
  expect(await popup.inputValue("#find-input")).toBe("");
  const target = MANY_INSTANCES[17]!;
  await popup.waitForSelector(`#instances li[data-instance='${target.instanceId}']`, { timeout: 20_000 });
  await popup.keyboard.type(target.name!);
  await popup.keyboard.press("Enter");
  expect(await focused(popup)).toBe(`connect-${target.instanceId}`);
  expect(
    await popup.$$eval(
      "#instances li[data-instance]",
      (rows) => rows.filter((r) => !(r as HTMLElement).hidden).length,
    ),
  ).toBe(1);
  await popup.keyboard.press("Enter");
  await popup.waitForSelector("#tunnels li[data-state='open']", { timeout: 30_000 });

  // An open tunnel moves its panel to the top, in the DOM (so Tab order follows), under the sign-in decisions.
  const order = await popup.$$eval("main > section", (s) => s.map((e) => e.id));
  expect(order.indexOf("tunnels")).toBeLessThan(order.indexOf("signin"));
  expect(order.indexOf("tunnels")).toBeGreaterThan(order.indexOf("picker"));
  expect(await popup.textContent("#tunnels [data-testid=tunnel-account]")).toContain(
    `${profileOf("100000000004", "ReadOnly")} · fabrikam-shared-services (100000000004)`,
  );
  expect(await overflow(popup)).toEqual([]);

  // Copy address, and the export lines of a profile, go to the clipboard only.
  await recordClipboard(popup);
  const tunnel = (await extensionState(w.chromium)).tunnels[0]!;
  // The tunnel service itself names the account (TunnelInfo.accountAlias), not only the popup.
  expect([tunnel.accountId, tunnel.accountAlias]).toEqual(["100000000004", "fabrikam-shared-services"]);
  await popup.click(`[data-key='copy-address-${tunnel.id}']`);
  await popup.focus("#find-input");
  await popup.keyboard.press("Escape");
  await popup.click(`[data-key='export-sh-${LONG}']`);
  await popup.click(`[data-key='export-ps-${LONG}']`);
  expect(await copied(popup)).toEqual([
    `127.0.0.1:${tunnel.localPort}`,
    `export AWS_PROFILE='${LONG}'`,
    `$env:AWS_PROFILE = '${LONG}'`,
  ]);

  // Open RDP again: the same tunnel, and the client started (although the option is off: the user asked).
  expect(recorder.starts()).toHaveLength(0);
  await popup.click(`[data-key='reopen-${tunnel.id}']`);
  await until("the RDP client started", async () => recorder.starts().length === 1 || null);
  expect(recorder.starts()[0]!.join(" ")).toMatch(/\.rdp/);
  const after = await extensionState(w.chromium);
  expect(after.tunnels.map((t) => t.id)).toEqual([tunnel.id]);
  expect(after.error).toBeNull();

  // Stop is still the row's first button; without a live tunnel the panel goes back below.
  await popup.click(`#tunnels li[data-tunnel] button`);
  await popup.waitForSelector("#tunnels li[data-tunnel]", { state: "detached", timeout: 15_000 });
  const back = await popup.$$eval("main > section", (s) => s.map((e) => e.id));
  expect(back.indexOf("tunnels")).toBeGreaterThan(back.indexOf("instances"));
});

it("signs in through five tiles in a row: five named profiles, none replacing another", async () => {
  world = await startBrowserWorld({ sts: { accountAliases: ACCOUNT_ALIASES }, instances: MANY_INSTANCES });
  const w = world;
  await putSettings(w.chromium, { launchRdp: false });
  await warmUp(w.chromium);
  for (const [n, r] of TILE_ROLES.entries()) {
    await signIn(w.chromium, w.idp, {
      samlResponse: makeSamlResponse({ roles: [r], sessionName: "hana@contoso.example" }).base64,
    });
    await until(
      `tile ${n + 1}'s profile`,
      async () => (await extensionState(w.chromium)).profiles.length === n + 1 || null,
    );
  }
  const { profiles } = await extensionState(w.chromium);
  expect(profiles.map((p) => [p.profile, p.roleArn, p.accountAlias ?? null, p.expired])).toEqual(
    TILE_ROLES.map((r) => {
      const id = r.roleArn.split(":")[4]!;
      return [profileOf(id, "Admin"), r.roleArn, ACCOUNT_ALIASES[id] ?? null, false];
    }),
  );
  // Each account's keys are its own: five different key ids.
  const creds = fs.readFileSync(w.sandbox.credentialsFile, "utf8");
  expect(new Set(creds.match(/aws_access_key_id = \S+/g)).size).toBe(5);
  const popup = await openPopup(w.chromium);
  for (const p of profiles) {
    await popup.waitForSelector(`#profiles [data-key='console-${p.profile}']:not([disabled])`);
    await popup.waitForSelector(`#profiles [data-key='instances-${p.profile}']`);
  }
  expect(await overflow(popup)).toEqual([]);
});
