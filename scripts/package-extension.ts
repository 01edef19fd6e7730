/**
 * `npm run package:extension`: the store uploads, version from package.json.
 *   dist/packages/bastionless-chrome-<version>.zip   Chrome Web Store (also Edge Add-ons, Brave, Vivaldi)
 *   dist/packages/bastionless-firefox-<version>.xpi  addons.mozilla.org, after a clean `web-ext lint`
 *
 * The Chrome zip leaves out the manifest's "key": the Web Store refuses uploads that carry one and
 * derives the id from its own key for the item. Unpacked development builds (dist/extension/chrome)
 * keep it, so they run under the same id as the store build when the key in manifests/chrome.json
 * is the store item's public key (Developer Dashboard › Package › View public key).
 *
 *   tsx scripts/package-extension.ts [--no-build]
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_OUT = path.join(ROOT, "dist/packages");
const WEB_EXT = path.join(ROOT, "node_modules/web-ext/bin/web-ext.js");

function run(args: string[], what: string): string {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(`${what} failed (${r.status ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function buildExtensions(): void {
  const cli = path.join(ROOT, "node_modules/webpack-cli/bin/cli.js");
  run(
    [cli, "--mode", "production", "--config-name", "extension-chrome", "--config-name", "extension-firefox"],
    "webpack",
  );
}

function readManifest(dir: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
}

function webExtBuild(sourceDir: string, out: string, filename: string): string {
  run(
    [
      WEB_EXT,
      "build",
      "--source-dir",
      sourceDir,
      "--artifacts-dir",
      out,
      "--filename",
      filename,
      "--overwrite-dest",
      "--no-config-discovery",
    ],
    `web-ext build ${filename}`,
  );
  return path.join(out, filename);
}

export interface LintReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: Array<{ code: string; message: string; file?: string }>;
  warnings: Array<{ code: string; message: string; file?: string }>;
}

/** `web-ext lint` with Mozilla's addons-linter; any error or warning stops the package. */
function lintFirefox(dir: string): LintReport {
  const r = spawnSync(
    process.execPath,
    [WEB_EXT, "lint", "--source-dir", dir, "--output", "json", "--no-config-discovery"],
    { cwd: ROOT, encoding: "utf8" },
  );
  try {
    return JSON.parse(r.stdout) as LintReport;
  } catch {
    throw new Error(`web-ext lint gave no report (exit ${r.status}): ${r.stderr}`);
  }
}

function chromeZip(version: string, from: string, out: string): string {
  const stage = path.join(out, ".stage-chrome");
  fs.rmSync(stage, { recursive: true, force: true });
  fs.cpSync(path.join(from, "chrome"), stage, { recursive: true });
  const manifest = readManifest(stage);
  delete manifest.key;
  fs.writeFileSync(path.join(stage, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  try {
    return webExtBuild(stage, out, `bastionless-chrome-${version}.zip`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

function firefoxXpi(version: string, from: string, out: string): { file: string; lint: LintReport } {
  const dir = path.join(from, "firefox");
  const lint = lintFirefox(dir);
  const problems = [...lint.errors, ...lint.warnings];
  if (problems.length) {
    throw new Error(
      `web-ext lint found ${lint.summary.errors} error(s), ${lint.summary.warnings} warning(s):\n${problems.map((p) => `  ${p.code} ${p.file ?? ""}: ${p.message}`).join("\n")}`,
    );
  }
  return { file: webExtBuild(dir, out, `bastionless-firefox-${version}.xpi`), lint };
}

/** `extensionDir`: the webpack output holding chrome/ and firefox/ (default dist/extension). */
export function packageExtensions(opts: { build: boolean; outDir?: string; extensionDir?: string }): {
  files: string[];
  lint: LintReport;
} {
  const out = opts.outDir ?? DEFAULT_OUT;
  const from = opts.extensionDir ?? path.join(ROOT, "dist/extension");
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;
  if (opts.build) buildExtensions();
  for (const b of ["chrome", "firefox"]) {
    const v = readManifest(path.join(from, b)).version;
    if (v !== version)
      throw new Error(`${path.join(from, b)} is version ${v}, package.json says ${version}: build again`);
  }
  fs.mkdirSync(out, { recursive: true });
  const chrome = chromeZip(version, from, out);
  const firefox = firefoxXpi(version, from, out);
  return { files: [chrome, firefox.file], lint: firefox.lint };
}

if (require.main === module) {
  try {
    const { files, lint } = packageExtensions({ build: !process.argv.includes("--no-build") });
    console.log(
      `web-ext lint: ${lint.summary.errors} errors, ${lint.summary.warnings} warnings, ${lint.summary.notices} notices`,
    );
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      console.log(
        `${path.relative(ROOT, file)}  ${(bytes.length / 1024).toFixed(0)} KiB  sha256 ${crypto.createHash("sha256").update(bytes).digest("hex")}`,
      );
    }
  } catch (err) {
    console.error(`package:extension: ${(err as Error).message}`);
    process.exit(1);
  }
}
