/**
 * The shipped win-x64 executable installing itself under Wine 10: every Windows browser, per user
 * (HKCU) and machine-wide (HKLM), checked with the registry tool `reg` and the manifest files it
 * points at; `doctor --json` on the result; and uninstall leaving no key, file or PATH entry behind.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSERS } from "../../native-host/src/install/browsers";
import pkg from "../../package.json";
import { skipWindows, windowsReady } from "./support/windows-tier";
import { WineBox, winPath } from "./support/wine";

const ORIGIN = "chrome-extension://kokbnelligicogechcoofickipeemloj/";
const FIREFOX_ID = "bastionless@bastionless.dev";
let box: WineBox;
let exe: string;

async function bl(args: string[]): Promise<any> {
  const r = await box.run(exe, [...args, "--json"]);
  expect(r.stdout.trim(), `exit ${r.code}; stderr: ${r.stderr}`).not.toBe("");
  return { ...JSON.parse(r.stdout), exitCode: r.code };
}

const readManifest = (win: string) => JSON.parse(fs.readFileSync(box.unixPath(win), "utf8"));

describe.skipIf(skipWindows)("install under Wine", () => {
  beforeAll(async () => {
    const built = await windowsReady();
    box = new WineBox();
    exe = winPath(path.join(box.dir, "bastionless-win-x64.exe"));
    fs.copyFileSync(built, box.unixPath(exe));
  }, 0);
  afterAll(async () => box?.close());

  it.each([
    ["per user", [], "HKCU", "C:\\users\\root\\AppData\\Local\\bastionless"],
    ["machine-wide", ["--system"], "HKLM", "C:\\ProgramData\\bastionless"],
  ])(
    "registers every browser %s in the registry, and uninstall removes it all",
    async (_, scope, hive, manifestDir) => {
      const browsers = BROWSERS.flatMap((b) => ["--browser", b]);
      const out = await bl(["install", ...scope, ...browsers]);
      expect(out.exitCode).toBe(0);
      expect(out.browsers).toEqual([...BROWSERS]);
      expect(out.host).toMatchObject({ kind: "sea", version: pkg.version });
      const installed = out.host.path as string;
      expect(fs.readFileSync(box.unixPath(installed)).equals(fs.readFileSync(box.unixPath(exe)))).toBe(true);
      for (const reg of out.registrations as {
        browser: string;
        manifestPath: string;
        registryKey: string;
      }[]) {
        expect(reg.registryKey.startsWith(`${hive}\\Software\\`), reg.registryKey).toBe(true);
        expect(reg.manifestPath.startsWith(`${manifestDir}\\manifests\\`), reg.manifestPath).toBe(true);
        // What the browser reads: the key's default value names the manifest, which names the host.
        expect(await box.regDefault(reg.registryKey)).toBe(reg.manifestPath);
        const manifest = readManifest(reg.manifestPath);
        expect(manifest).toMatchObject({ name: "com.bastionless.host", type: "stdio", path: installed });
        if (reg.browser === "firefox") expect(manifest.allowed_extensions).toEqual([FIREFOX_ID]);
        else expect(manifest.allowed_origins).toEqual([ORIGIN]);
      }
      expect(new Set(out.registrations.map((r: { registryKey: string }) => r.registryKey)).size).toBe(4);

      const again = await bl(["install", ...scope, ...browsers]);
      expect(again.exitCode).toBe(0);

      const un = await bl(["uninstall", ...scope]);
      expect(un.exitCode).toBe(0);
      for (const reg of out.registrations) {
        expect(await box.regDefault(reg.registryKey)).toBeNull();
        expect(fs.existsSync(box.unixPath(reg.manifestPath))).toBe(false);
      }
      expect(fs.existsSync(box.unixPath(installed))).toBe(false);
      expect(fs.existsSync(box.unixPath(out.recordPath))).toBe(false);
    },
  );

  it("doctor --json reports the per-user install healthy, browser by browser", async () => {
    const out = await bl(["install", ...BROWSERS.flatMap((b) => ["--browser", b])]);
    expect(out.exitCode).toBe(0);
    const doctor = await bl(["doctor", "--offline"]);
    const byId = Object.fromEntries(doctor.checks.map((c: { id: string }) => [c.id, c]));
    for (const b of BROWSERS) expect(byId[`browser.${b}`], b).toMatchObject({ status: "ok" });
    expect(byId["install.host"]).toMatchObject({ status: "ok" });
    expect(byId["install.host"].detail).toContain(out.host.path);
    expect(byId["tunnel.service"]).toMatchObject({ status: "ok" });
    // There is no mstsc under Wine; doctor says so and how to fix it, as it would on a bare Windows.
    expect(byId["rdp.client"]).toMatchObject({ status: "warn", fix: expect.stringContaining("System32") });
    expect(doctor.checks.filter((c: { status: string }) => c.status === "fail")).toEqual([]);
    expect(doctor).toMatchObject({ ok: true, exitCode: 0 });

    // A key removed behind bastionless's back is a failure doctor names, with the command that fixes it.
    const edge = out.registrations.find((r: { browser: string }) => r.browser === "edge");
    expect((await box.run("reg", ["delete", edge.registryKey, "/f"])).code).toBe(0);
    const broken = await bl(["doctor", "--offline"]);
    expect(broken.ok).toBe(false);
    expect(broken.exitCode).not.toBe(0);
    expect(broken.checks.find((c: { id: string }) => c.id === "browser.edge")).toMatchObject({
      status: "fail",
      fix: "bastionless install --browser edge",
    });
    expect((await bl(["uninstall"])).exitCode).toBe(0);
  });
});
