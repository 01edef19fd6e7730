/**
 * `npm run release`: everything a user downloads, in dist/release/:
 *   bastionless-<target>[.exe]            the single executables of package-targets.ts
 *   bastionless-chrome-<v>.zip, -firefox-<v>.xpi   the extension (scripts/package-extension.ts)
 *   INSTALL-linux.md, -macos.md, -windows.md      install pages (scripts/release-pages.ts)
 *   SHA256SUMS                              `sha256sum -c` checks every other file
 * Signing, notarisation and store uploads happen outside this machine: README "Releasing".
 *
 *   tsx scripts/release.ts [--no-build]
 */
import fs from "node:fs";
import path from "node:path";
import { packageExtensions } from "./package-extension";
import { buildBundle, buildNative, buildTarget } from "./package-sea";
import { HERE, SEA_TARGETS } from "./package-targets";
import { writeChecksums } from "./release-checksums";
import { PAGE_OSES, pageName, releaseFiles, renderPage } from "./release-pages";

const ROOT = path.resolve(__dirname, "..");
export const RELEASE_DIR = path.join(ROOT, "dist/release");

/** Writes the install pages and SHA256SUMS into `dir`, then checks the folder holds exactly `releaseFiles`. */
export function finishRelease(dir: string, version: string): void {
  for (const os of PAGE_OSES) fs.writeFileSync(path.join(dir, pageName(os)), renderPage(os, version));
  writeChecksums(dir);
  const have = fs.readdirSync(dir).sort();
  const want = releaseFiles(version).sort();
  if (JSON.stringify(have) !== JSON.stringify(want))
    throw new Error(`release folder holds ${have.join(", ")}; expected ${want.join(", ")}`);
}

async function main(argv: string[]): Promise<void> {
  const started = Date.now();
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;
  const build = !argv.includes("--no-build");
  fs.rmSync(RELEASE_DIR, { recursive: true, force: true });
  fs.mkdirSync(RELEASE_DIR, { recursive: true });
  if (build) buildBundle();
  for (const t of SEA_TARGETS) {
    // The native target is also dist/bastionless, smoke-tested (package-sea.ts).
    if (t.id === HERE) await buildNative({ build: false });
    const out = t.id === HERE ? path.join(ROOT, "dist", t.output) : await buildTarget(t);
    fs.copyFileSync(out, path.join(RELEASE_DIR, t.output));
    fs.chmodSync(path.join(RELEASE_DIR, t.output), 0o755);
  }
  fs.rmSync(path.join(ROOT, "dist/sea"), { recursive: true, force: true });
  packageExtensions({ build, outDir: RELEASE_DIR });
  finishRelease(RELEASE_DIR, version);
  for (const name of fs.readdirSync(RELEASE_DIR).sort()) {
    const mb = (fs.statSync(path.join(RELEASE_DIR, name)).size / 1e6).toFixed(1);
    console.log(`${name.padEnd(34)} ${mb.padStart(6)} MB`);
  }
  console.log(`dist/release written in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`release: ${(err as Error).message}`);
    process.exit(1);
  });
}
