/**
 * `npm run package:extension`: a Chrome Web Store zip (manifest at the root, no "key") and a
 * Firefox add-on that passes `web-ext lint` with no errors or warnings, both at package.json's
 * version, built from dist/extension (npm run build).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json";
import { type LintReport, packageExtensions } from "../../scripts/package-extension";
import { ROOT } from "../support/host-process";
import { readZip } from "./package-zip";

let out: string;
let files: string[];
let lint: LintReport;
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, "dist/extension/chrome/manifest.json")))
    throw new Error("build first: npx webpack --mode production");
  out = fs.mkdtempSync(path.join(os.tmpdir(), "bl-packages-"));
  ({ files, lint } = packageExtensions({ build: false, outDir: out }));
}, 240_000);
afterAll(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

const manifestOf = (entries: Map<string, Buffer>) =>
  JSON.parse(entries.get("manifest.json")!.toString("utf8"));

describe("extension packages", () => {
  it("names both files by the package.json version", () => {
    expect(files.map((f) => path.basename(f))).toEqual([
      `bastionless-chrome-${pkg.version}.zip`,
      `bastionless-firefox-${pkg.version}.xpi`,
    ]);
  });

  it("Chrome zip: manifest at the root without key, every file of the build inside", () => {
    const entries = readZip(fs.readFileSync(files[0]!));
    const manifest = manifestOf(entries);
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.manifest_version).toBe(3);
    expect(manifest).not.toHaveProperty("key");
    const built = fs
      .readdirSync(path.join(ROOT, "dist/extension/chrome"), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile());
    for (const d of built) {
      const rel = path
        .relative(path.join(ROOT, "dist/extension/chrome"), path.join(d.parentPath, d.name))
        .split(path.sep)
        .join("/");
      expect(entries.has(rel), rel).toBe(true);
      if (rel !== "manifest.json")
        expect(entries.get(rel)!.equals(fs.readFileSync(path.join(d.parentPath, d.name))), rel).toBe(true);
    }
    // The unpacked development build keeps the key, so its id stays pinned.
    expect(
      JSON.parse(fs.readFileSync(path.join(ROOT, "dist/extension/chrome/manifest.json"), "utf8")),
    ).toHaveProperty("key");
  });

  it("Firefox add-on: gecko id and version, and web-ext lint is clean", () => {
    const manifest = manifestOf(readZip(fs.readFileSync(files[1]!)));
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.browser_specific_settings.gecko.id).toBe("bastionless@bastionless.dev");
    expect(lint.summary).toEqual({ errors: 0, notices: 0, warnings: 0 });
  });

  it("refuses to package a build whose manifest version is not package.json's", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bl-stale-"));
    try {
      fs.cpSync(path.join(ROOT, "dist/extension"), path.join(tmp, "extension"), { recursive: true });
      const file = path.join(tmp, "extension/firefox/manifest.json");
      fs.writeFileSync(
        file,
        JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), version: "0.0.1" }),
      );
      expect(() =>
        packageExtensions({
          build: false,
          outDir: path.join(tmp, "out"),
          extensionDir: path.join(tmp, "extension"),
        }),
      ).toThrow(/version 0\.0\.1, package\.json says/);
      expect(fs.existsSync(path.join(tmp, "out"))).toBe(false);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("refuses a Firefox build that web-ext lint complains about", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bl-lint-"));
    try {
      fs.cpSync(path.join(ROOT, "dist/extension"), path.join(tmp, "extension"), { recursive: true });
      const file = path.join(tmp, "extension/firefox/manifest.json");
      const m = JSON.parse(fs.readFileSync(file, "utf8"));
      m.browser_specific_settings.gecko.strict_min_version = "128.0";
      fs.writeFileSync(file, JSON.stringify(m));
      expect(() =>
        packageExtensions({
          build: false,
          outDir: path.join(tmp, "out"),
          extensionDir: path.join(tmp, "extension"),
        }),
      ).toThrow(
        /web-ext lint found 0 error\(s\), [1-9]\d* warning\(s\)[\s\S]*KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION/,
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});
