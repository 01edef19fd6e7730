/**
 * Checks a credentials file after concurrent writes, with its own line-by-line reading (not the
 * product's INI code): the original text is still there byte for byte, every expected profile is
 * there once with all six keys, and every line is valid INI.
 */
import { expect } from "vitest";

/** Other profiles, comments, CRLF line endings, odd spacing: what a real user's file holds. */
export const ORIGINAL_CREDENTIALS =
  "# Work keys - do not lose\r\n[default]\r\naws_access_key_id = AKIADEFAULT\r\naws_secret_access_key = defaultsecret\r\n\r\n" +
  "; personal\r\n[personal]\r\naws_access_key_id=AKIAPERSONAL\r\n  # indented comment\r\naws_secret_access_key=personalsecret\r\n";

const KEYS = [
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "aws_security_token",
  "x_security_token_expires",
  "x_principal_arn",
];

export function checkCredentialsFile(
  text: string,
  profiles: readonly string[],
  issuedKeys: ReadonlySet<string | undefined>,
  original = ORIGINAL_CREDENTIALS,
): void {
  expect(text.startsWith(original)).toBe(true);
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*$/.test(line) || /^\s*[#;]/.test(line)) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      expect(sections.has(header[1]!), `section ${header[1]} appears twice`).toBe(false);
      current = new Map();
      sections.set(header[1]!, current);
      continue;
    }
    const kv = /^([a-z_]+)\s*=\s*(\S+)$/.exec(line);
    expect(kv, `not an INI line: ${JSON.stringify(line)}`).not.toBeNull();
    expect(current).not.toBeNull();
    expect(current!.has(kv![1]!), `key ${kv![1]} twice`).toBe(false);
    current!.set(kv![1]!, kv![2]!);
  }
  expect(sections.get("default")?.get("aws_access_key_id")).toBe("AKIADEFAULT");
  expect(sections.get("personal")?.get("aws_secret_access_key")).toBe("personalsecret");
  for (const p of profiles) {
    const s = sections.get(p);
    expect(s, `profile ${p} missing`).toBeDefined();
    expect([...s!.keys()]).toEqual(KEYS);
    expect(issuedKeys.has(s!.get("aws_access_key_id"))).toBe(true);
    expect(s!.get("aws_session_token")).toBe(s!.get("aws_security_token"));
  }
}
