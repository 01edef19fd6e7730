/**
 * The `credential_process` value `bastionless assume --credential-process` writes into the AWS
 * config file (issue 12), and how bastionless recognises its own. Both readers run the value as a
 * command line: the JavaScript SDK through a shell (`child_process.exec`: /bin/sh, or cmd.exe with
 * /s /c), botocore split like a shell (shlex on POSIX, its own double-quote rules on Windows). So
 * every part of this program's path is put in double quotes, which all of them honour, and a path
 * with a character that any of them would still interpret inside double quotes (POSIX: `"` `$`
 * backquote `\`; Windows: `"` `%`) is refused rather than written wrong. Profile names are
 * letters, digits and `_ . @ + -` (contract/profile-name.ts), which no reader interprets. Pure.
 */
import { FileError } from "../../errors";

const UNSAFE_POSIX = /["$`\\\r\n]/;
const UNSAFE_WINDOWS = /["%\r\n]/;

export function credentialProcessLine(
  command: readonly string[],
  profile: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const unsafe = platform === "win32" ? UNSAFE_WINDOWS : UNSAFE_POSIX;
  const bad = command.find((part) => unsafe.test(part));
  if (bad !== undefined)
    throw new FileError(
      "CREDENTIAL_PROCESS_PATH_UNUSABLE",
      `bastionless runs from ${JSON.stringify(bad)}, a path the AWS CLI and SDKs would misread in a credential_process line, so none was written.`,
      {
        hint: 'Install bastionless in a folder whose path has none of " $ ` \\ % (`bastionless install`), then run again.',
      },
    );
  return `${command.map((p) => `"${p}"`).join(" ")} credential-process --profile ${profile}`;
}

/** Whether a credential_process value is one bastionless wrote for this profile (from any install path). */
export function isOurCredentialProcess(value: string, profile: string): boolean {
  const suffix = ` credential-process --profile ${profile}`;
  if (!value.endsWith(suffix)) return false;
  return /^"[^"]+"( "[^"]+")?$/.test(value.slice(0, -suffix.length));
}
