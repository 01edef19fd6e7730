/**
 * The shell line that makes a terminal use a profile (issue 11: "Copy export AWS_PROFILE=…, and
 * the PowerShell form"). Only the profile's name goes in it, never a key: the AWS CLI and SDKs
 * read the keys from the profile. Quoted for each shell even though profile names are already
 * restricted (contract/profile-name.ts), because an existing profile may have any name.
 */

export type Shell = "sh" | "powershell";

/** POSIX sh single quotes: nothing inside is special; a ' is closed, escaped and reopened. */
const shQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * PowerShell single-quoted strings: only quote characters are special, and PowerShell treats
 * the typographic quotes (U+2018–U+201B) as ' too, so each is doubled.
 */
const psQuote = (s: string) => `'${s.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;

export function exportLine(profile: string, shell: Shell): string {
  return shell === "sh" ? `export AWS_PROFILE=${shQuote(profile)}` : `$env:AWS_PROFILE = ${psQuote(profile)}`;
}
