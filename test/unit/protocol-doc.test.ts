/**
 * PROTOCOL.md is the one list of error codes (style §8). Every code the host or the extension
 * can produce must be listed there, so a new code cannot land undocumented.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { PARAM_CHECKS, REQUEST_TYPES } from "../../contract/requests";
import { RESULT_CHECKS } from "../../contract/results";

const ROOT = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** SCREAMING_SNAKE literals that are names of other things (Node error codes, variables), not our error codes. */
const NOT_CODES =
  /^(E[A-Z]+|EAI_AGAIN|BASTIONLESS_CONFIG_DIR|AWS_(CONFIG_FILE|SHARED_CREDENTIALS_FILE|SSM_START_SESSION_RESPONSE)|REG_(EXPAND_)?SZ|SIG[A-Z]+|HKCU|HKLM|WS_ERR_[A-Z_]+|ERR_[A-Z_]+|WAYLAND_DISPLAY)$/;

it("lists every error code in PROTOCOL.md", () => {
  const doc = fs.readFileSync(path.join(ROOT, "PROTOCOL.md"), "utf8");
  const files = [
    ...sources(path.join(ROOT, "contract")),
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

it("lists every request param of contract/requests.ts in PROTOCOL.md's request table", () => {
  const doc = fs.readFileSync(path.join(ROOT, "PROTOCOL.md"), "utf8");
  const src = fs.readFileSync(path.join(ROOT, "contract/requests.ts"), "utf8");
  const checks = [...src.matchAll(/"([a-z.]+)": \(v\) => \{\s*const o = params\(v, \[([^\]]*)\]\)/g)];
  expect(checks.map((m) => m[1])).toContain("credentials.assume");
  for (const [, type, list] of checks) {
    const row = doc.split("\n").find((l) => l.startsWith(`| \`${type}\` |`));
    expect(row, type).toBeDefined();
    for (const key of list!.matchAll(/"(\w+)"/g))
      expect(row, `${type}.${key[1]}`).toMatch(new RegExp(`\\b${key[1]}\\b`));
  }
});

it("has a params checker and a result checker for every request type, and no others", () => {
  // The mapped types make a missing checker a build error; this catches an extra or renamed one.
  expect(Object.keys(PARAM_CHECKS).sort()).toEqual([...REQUEST_TYPES].sort());
  expect(Object.keys(RESULT_CHECKS).sort()).toEqual([...REQUEST_TYPES].sort());
  const doc = fs.readFileSync(path.join(ROOT, "PROTOCOL.md"), "utf8");
  for (const t of REQUEST_TYPES) expect(doc, t).toContain(`| \`${t}\` |`);
});
