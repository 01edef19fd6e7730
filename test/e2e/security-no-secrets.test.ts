/**
 * Design §4 and the brief's security bar: after a full browser run (sign-in, Connect, bytes,
 * Stop), the SAML assertion appears in no file the product wrote and in no log, and the secret
 * key and session token appear only in the shared credentials file.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { credentialCachePath } from "../../native-host/src/config/paths";
import { makeSamlResponse, role } from "../fixtures/saml";
import {
  connectFromPopup,
  extensionState,
  openPopup,
  signIn,
  stopFromPopup,
  warmUp,
} from "../support/browser";
import { type BrowserWorld, startBrowserWorld } from "../support/browser-world";
import { echoThrough } from "../support/echo";

let world: BrowserWorld | null = null;
afterAll(async () => {
  await world?.close();
});

const INSTANCE = "i-0a1b2c3d4e5f6aaaa";

/**
 * Every regular file below `dir`. Skipped: Chromium's caches, and its Sessions folder, where the
 * browser itself keeps the POST body of every navigation for session restore, the IdP's
 * auto-posted form included, with or without this extension (not a file the product writes).
 */
function filesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesBelow(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Where a needle shows up, as text or as its UTF-16 form (LevelDB and SQLite keep both). */
function holders(files: string[], needle: string): string[] {
  const a = Buffer.from(needle, "utf8");
  const b = Buffer.from(needle, "utf16le");
  return files.filter((f) => {
    const data = fs.readFileSync(f);
    return data.includes(a) || data.includes(b);
  });
}

it("leaves no assertion anywhere, and the keys only in the credentials file and the credential cache (0600)", async () => {
  world = await startBrowserWorld({
    instances: [{ instanceId: INSTANCE, name: "win-sec", platformType: "Windows", pingStatus: "Online" }],
  });
  const w = world;
  const saml = makeSamlResponse({
    roles: [role("123456789012", "Admin")],
    sessionName: "erin@contoso.example",
  });
  await warmUp(w.chromium);
  await signIn(w.chromium, w.idp, { samlResponse: saml.base64 });
  const popup = await openPopup(w.chromium);
  await popup.waitForSelector("#profiles tr[data-profile='123456789012-Admin']", { timeout: 20_000 });
  await popup.waitForSelector(`#instances li[data-instance='${INSTANCE}']`, { timeout: 20_000 });
  const port = await connectFromPopup(popup, INSTANCE);
  expect(await echoThrough(port, "secret-free bytes")).toBe("secret-free bytes");
  await stopFromPopup(popup);
  expect((await extensionState(w.chromium)).lastSignIn?.sessionName).toBe("erin@contoso.example");
  // Flush the browser's storage to disk before looking at it.
  await w.chromium.close();

  const issued = w.sts.calls.find((c) => c.credentials)!.credentials!;
  const files = filesBelow(w.sandbox.dir).filter(
    (f) => !/[/\\](Cache|Code Cache|GPUCache|GrShaderCache|ShaderCache|Sessions)[/\\]/.test(f),
  );
  expect(files.length).toBeGreaterThan(10);
  expect(files.some((f) => f.endsWith("host.log"))).toBe(true);
  // The assertion as posted, its decoded XML, and a distinctive inner piece of it.
  const at = saml.xml.indexOf("<AttributeStatement>");
  expect(at).toBeGreaterThan(0);
  const xmlPiece = saml.xml.slice(at, at + 160);
  for (const needle of [saml.base64.slice(0, 200), saml.base64.slice(-200, -10), xmlPiece]) {
    expect(holders(files, needle), `assertion text found`).toEqual([]);
  }
  // The keys live in the credentials file and in bastionless's own credential cache, which
  // credential-process reads (issue 12; docs/security.md), both 0600: nowhere else.
  const cache = credentialCachePath(w.env);
  const keyFiles = [w.sandbox.credentialsFile, cache].sort();
  expect(holders(files, issued.secretAccessKey).sort()).toEqual(keyFiles);
  expect(holders(files, issued.sessionToken).sort()).toEqual(keyFiles);
  for (const f of keyFiles) expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
});
