/**
 * The release folder's manifest: SHA256SUMS that GNU `sha256sum -c` accepts (and that catches a
 * changed byte), install pages naming only files the release holds, and the README's install
 * section naming exactly those files. The executables are stood in for by small files: building
 * them is `npm run release` (timed in the README), the checks here are about what surrounds them.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import pkg from "../../package.json";
import { finishRelease } from "../../scripts/release";
import { SUMS_FILE, writeChecksums } from "../../scripts/release-checksums";
import { PAGE_OSES, pageName, releaseFiles } from "../../scripts/release-pages";
import { ROOT } from "../support/host-process";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "bl-release-"));
  dirs.push(d);
  return d;
}

function sha256sumCheck(dir: string) {
  return spawnSync("sha256sum", ["-c", SUMS_FILE], { cwd: dir, encoding: "utf8" });
}

/** A release folder with every file but the generated ones, each holding its own name. */
function fakeRelease(): string {
  const dir = tempDir();
  const generated = new Set([...PAGE_OSES.map(pageName), SUMS_FILE]);
  for (const name of releaseFiles(pkg.version).filter((n) => !generated.has(n)))
    fs.writeFileSync(path.join(dir, name), `${name}\n\x00\r\n binary-ish`);
  return dir;
}

/** `bastionless-…`, SHA256SUMS and INSTALL-… names inside backticks. */
function namedFiles(text: string): string[] {
  return [
    ...text.matchAll(
      /`((?:bastionless-[\w.<>-]+\.(?:zip|xpi|exe)|bastionless-(?:linux|darwin|win)-[\w]+(?:\.exe)?|SHA256SUMS|INSTALL-\w+\.md))`/g,
    ),
  ].map((m) => m[1]!);
}

describe("release folder", () => {
  it("SHA256SUMS passes sha256sum -c and fails it once a byte changes", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "a.bin"), Buffer.from([0, 1, 2, 13, 10]));
    fs.writeFileSync(path.join(dir, "b b.txt"), "spaces in a name\n");
    const text = writeChecksums(dir);
    expect(text.split("\n").filter(Boolean)).toHaveLength(2);
    const ok = sha256sumCheck(dir);
    expect(ok.stdout).toBe("a.bin: OK\nb b.txt: OK\n");
    expect(ok.status).toBe(0);
    fs.appendFileSync(path.join(dir, "a.bin"), "x");
    const bad = sha256sumCheck(dir);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("a.bin: FAILED");
  });

  it("finishRelease writes a page per OS and sums that cover every file, pages included", () => {
    const dir = fakeRelease();
    finishRelease(dir, pkg.version);
    expect(fs.readdirSync(dir).sort()).toEqual(releaseFiles(pkg.version).sort());
    const check = sha256sumCheck(dir);
    expect(check.status).toBe(0);
    expect(check.stdout.trim().split("\n")).toHaveLength(releaseFiles(pkg.version).length - 1);
    for (const os of PAGE_OSES) {
      const page = fs.readFileSync(path.join(dir, pageName(os)), "utf8");
      const named = namedFiles(page);
      expect(
        named.some((n) => n.startsWith("bastionless-") && !/\.(zip|xpi)$/.test(n)),
        os,
      ).toBe(true);
      for (const n of named) expect(fs.existsSync(path.join(dir, n)), `${os} page names ${n}`).toBe(true);
    }
  });

  it("finishRelease refuses a folder missing an executable", () => {
    const dir = fakeRelease();
    fs.rmSync(path.join(dir, "bastionless-win-x64.exe"));
    expect(() => finishRelease(dir, pkg.version)).toThrow(/expected .*bastionless-win-x64\.exe/);
  });

  it("the README's install section names exactly the release's files", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.split(/^## /m).find((s) => s.startsWith("Install\n"));
    expect(section, "README has an ## Install section").toBeDefined();
    const named = new Set(namedFiles(section!).map((n) => n.replace("<version>", pkg.version)));
    expect([...named].sort()).toEqual(releaseFiles(pkg.version).sort());
  });
});
