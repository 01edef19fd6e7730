/**
 * The launcher written when the host runs from the node bundle rather than as a single
 * executable: browsers need one absolute executable path, so a tiny script execs node on the
 * copied bundle. Pure text; the caller writes it (0755).
 */
import { FileError } from "../errors";

/** POSIX single-quoting: the only character that needs care inside '…' is ' itself. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function shLauncher(nodePath: string, bundlePath: string): string {
  return [
    "#!/bin/sh",
    "# Written by `bastionless install`: runs the bastionless host with the node it was installed with.",
    `exec ${shQuote(nodePath)} ${shQuote(bundlePath)} "$@"`,
    "",
  ].join("\n");
}

/**
 * cmd.exe quoting: double quotes around each path; a path containing `"` or `%` cannot be
 * expressed safely in a batch file, so it is refused (Windows forbids `"` in paths anyway).
 */
export function cmdLauncher(nodePath: string, bundlePath: string): string {
  for (const p of [nodePath, bundlePath]) {
    if (/["%\r\n]/.test(p)) {
      throw new FileError(
        "INSTALL_PATH_UNUSABLE",
        `The path ${p} cannot be written safely into a .cmd launcher.`,
        {
          hint: 'Install from a folder whose path has no % or " characters, or use the single-file bastionless.exe.',
        },
      );
    }
  }
  return [
    "@echo off",
    "rem Written by `bastionless install`: runs the bastionless host with the node it was installed with.",
    `"${nodePath}" "${bundlePath}" %*`,
    "",
  ].join("\r\n");
}
