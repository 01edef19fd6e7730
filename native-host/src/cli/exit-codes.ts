/**
 * What each exit code of `bastionless` means (the numbers are errors.ts EXIT, beside the classes
 * that carry them): `bastionless --help` prints this table and the README's table is checked
 * against it (test/unit/cli-help.test.ts).
 */
import { EXIT, type ExitCode } from "../errors";

export const EXIT_TABLE: ReadonlyArray<{ code: ExitCode; meaning: string }> = [
  { code: EXIT.ok, meaning: "done" },
  {
    code: EXIT.failed,
    meaning: "an unexpected error (`--debug` shows the detail), or `doctor` found a failing check",
  },
  {
    code: EXIT.usage,
    meaning:
      "the command line is wrong: an unknown command or flag, a missing or bad value, no region, a TARGET or tunnel that matches nothing or more than one",
  },
  { code: EXIT.input, meaning: "bad input: a SAML response or a message that is not what it should be" },
  {
    code: EXIT.aws,
    meaning:
      "AWS or the tunnel refused: a missing, expired or rejected profile, access denied, AWS unreachable, a tunnel that could not open",
  },
  {
    code: EXIT.file,
    meaning:
      "a file problem: a file that cannot be read or written, or a profile bastionless does not own (left unchanged)",
  },
];

/**
 * Codes whose exit differs from their layer's class: the tunnel service raises TUNNEL_NOT_FOUND
 * as a TunnelError, but for the CLI an id that matches no tunnel is a wrong argument (issue 11).
 */
const EXIT_BY_CODE: Readonly<Record<string, ExitCode>> = { TUNNEL_NOT_FOUND: EXIT.usage };

export function exitCodeOf(err: { code: string; exitCode: number }): number {
  return EXIT_BY_CODE[err.code] ?? err.exitCode;
}

/** The table as text for `--help`. */
export function exitCodesText(width = 96): string {
  return EXIT_TABLE.map((e) => {
    const lines = [`  ${e.code} `];
    for (const w of e.meaning.split(" ")) {
      if (`${lines[lines.length - 1]} ${w}`.length > width) lines.push("    ");
      lines[lines.length - 1] += ` ${w}`;
    }
    return lines.join("\n");
  }).join("\n");
}

/** The table as Markdown, as the README has it. */
export function exitCodesMarkdown(): string {
  return ["| exit | meaning |", "|---|---|", ...EXIT_TABLE.map((e) => `| ${e.code} | ${e.meaning} |`)].join(
    "\n",
  );
}
