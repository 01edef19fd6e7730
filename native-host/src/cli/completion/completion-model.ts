/**
 * What shell completion knows, from the command and flag tables: each visible command with its
 * summary, flags (its own and the global ones) and operand values. The four shell scripts
 * (bash.ts, zsh.ts, fish.ts, powershell.ts) are renderings of this model.
 */
import { type FlagSpec, GLOBAL_FLAGS } from "../args";
import type { Command } from "../command";

export interface CompletionFlag {
  long: string;
  short?: string;
  takesValue: boolean;
  choices: readonly string[];
  complete?: FlagSpec["complete"];
  description: string;
}

export interface CompletionCommand {
  name: string;
  summary: string;
  flags: CompletionFlag[];
  /** Values offered for the operand (`completion SHELL`, `help COMMAND`). */
  operandChoices: readonly string[];
}

/** Names and choices go into scripts unquoted: only plain words may (a table mistake fails the tests). */
function word(w: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(w)) throw new Error(`not a plain word for completion: ${w}`);
  return w;
}

export function completionModel(
  commands: Readonly<Record<string, Command>>,
  hidden: ReadonlySet<string>,
): CompletionCommand[] {
  const shown = Object.entries(commands).filter(([n]) => !hidden.has(n));
  const names = shown.map(([n]) => n);
  const flagsOf = (c: Command): CompletionFlag[] =>
    Object.entries({ ...c.flags, ...GLOBAL_FLAGS }).map(([long, f]: [string, FlagSpec]) => ({
      long: word(long),
      ...(f.short ? { short: word(f.short) } : {}),
      takesValue: f.type === "string",
      choices: (f.choices ?? []).map(word),
      ...(f.complete ? { complete: f.complete } : {}),
      description: f.description,
    }));
  return [
    ...shown.map(([name, c]) => ({
      name: word(name),
      summary: c.summary,
      flags: flagsOf(c),
      operandChoices: (c.operandChoices ?? []).map(word),
    })),
    { name: "help", summary: "Show a command's options", flags: [], operandChoices: names },
  ];
}

/** The profile names in the AWS files, as a POSIX shell pipeline (bash and zsh). */
export const POSIX_PROFILES =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansions, not a template
  'sed -n "s/^\\[\\(profile \\)\\{0,1\\}\\([^]]*\\)\\]$/\\2/p" "${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}" "${AWS_CONFIG_FILE:-$HOME/.aws/config}" 2>/dev/null | sort -u';
