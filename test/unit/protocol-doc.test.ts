/**
 * PROTOCOL.md is the one list of error codes (style §8). Every code the host or the extension
 * can produce must be listed there, so a new code cannot land undocumented.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** SCREAMING_SNAKE literals that are names of other things, not our error codes. */
const NOT_CODES =
  /^(E[A-Z]+|EAI_AGAIN|BASTIONLESS_CONFIG_DIR|AWS_(CONFIG_FILE|SHARED_CREDENTIALS_FILE|SSM_START_SESSION_RESPONSE)|REG_(EXPAND_)?SZ|SIG[A-Z]+|HKCU|HKLM|WS_ERR_[A-Z_]+)$/;

it("lists every error code in PROTOCOL.md", () => {
  const doc = fs.readFileSync(path.join(ROOT, "PROTOCOL.md"), "utf8");
  const files = [
    ...sources(path.join(ROOT, "native-host/src")),
    ...sources(path.join(ROOT, "extension/src")),
  ];
  const codes = new Set<string>();
  for (const f of files) {
    for (const m of fs.readFileSync(f, "utf8").matchAll(/"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/g)) {
      if (!NOT_CODES.test(m[1]!)) codes.add(m[1]!);
    }
  }
  expect(codes.size).toBeGreaterThan(50);
  const missing = [...codes].filter((c) => !doc.includes(`\`${c}\``));
  expect(missing).toEqual([]);
});

it("lists every request param of messages.ts in PROTOCOL.md's request table", () => {
  const doc = fs.readFileSync(path.join(ROOT, "PROTOCOL.md"), "utf8");
  const src = fs.readFileSync(path.join(ROOT, "contract/messages.ts"), "utf8");
  const checks = [...src.matchAll(/"([a-z.]+)": \(v\) => \{\s*const o = params\(v, \[([^\]]*)\]\)/g)];
  expect(checks.map((m) => m[1])).toContain("credentials.assume");
  for (const [, type, list] of checks) {
    const row = doc.split("\n").find((l) => l.startsWith(`| \`${type}\` |`));
    expect(row, type).toBeDefined();
    for (const key of list!.matchAll(/"(\w+)"/g))
      expect(row, `${type}.${key[1]}`).toMatch(new RegExp(`\\b${key[1]}\\b`));
  }
});
