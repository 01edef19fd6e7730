/**
 * SHA256SUMS for a release folder, in the format `sha256sum -c` reads (GNU coreutils: the hex
 * digest, two spaces for text mode or space-asterisk for binary, then the file name). Binary mode
 * (`*`) so the same file checks on Windows builds of sha256sum, which otherwise translate CRLF.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const SUMS_FILE = "SHA256SUMS";

/** One line per file, sorted by name so the file is the same for the same inputs. */
export function renderChecksums(digests: Array<{ name: string; sha256: string }>): string {
  for (const d of digests) {
    // A name with a newline or a backslash would need sha256sum's escaped form; ours never have one.
    if (/[\\\r\n]/.test(d.name) || d.name !== path.basename(d.name))
      throw new Error(`release file name "${d.name}" cannot go into ${SUMS_FILE}`);
  }
  return [...digests]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((d) => `${d.sha256} *${d.name}\n`)
    .join("");
}

export function sha256File(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Writes `dir`/SHA256SUMS over every other regular file in `dir` (not recursive); returns its text. */
export function writeChecksums(dir: string): string {
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name !== SUMS_FILE)
    .map((d) => d.name);
  const text = renderChecksums(names.map((name) => ({ name, sha256: sha256File(path.join(dir, name)) })));
  fs.writeFileSync(path.join(dir, SUMS_FILE), text);
  return text;
}

// `tsx scripts/release-checksums.ts DIR`: rewrites DIR/SHA256SUMS, e.g. after signed executables
// replaced the unsigned ones (README "Releasing").
if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: tsx scripts/release-checksums.ts DIR");
    process.exit(2);
  }
  process.stdout.write(writeChecksums(dir));
}
