/** `bastionless completion fish`: `complete` lines for fish, from the model. */
import type { CompletionCommand, CompletionFlag } from "./completion-model";

/** A single-quoted fish string (fish escapes only \\ and ' inside single quotes). */
const q = (s: string) => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;

/** Expanded by fish when completing (`complete -a` arguments are), like bash.ts's profile list. */
const PROFILES =
  "(cat $HOME/.aws/credentials $HOME/.aws/config 2>/dev/null | string replace -rf '^\\[(?:profile )?([^]]+)\\]$' '$1' | sort -u)";

function flagLine(c: CompletionCommand, f: CompletionFlag): string {
  const parts = [
    "complete -c bastionless",
    `-n ${q(`__fish_seen_subcommand_from ${c.name}`)}`,
    `-l ${f.long}`,
  ];
  if (f.short) parts.push(`-s ${f.short}`);
  if (f.takesValue) {
    if (f.choices.length) parts.push("-x", `-a ${q(f.choices.join(" "))}`);
    else if (f.complete === "file" || f.complete === "directory") parts.push("-r", "-F");
    else if (f.complete === "profile") parts.push("-x", `-a ${q(PROFILES)}`);
    else parts.push("-x");
  }
  parts.push(`-d ${q(f.description)}`);
  return parts.join(" ");
}

export function fishScript(model: readonly CompletionCommand[]): string {
  const lines = model.flatMap((c) => [
    `complete -c bastionless -n __fish_use_subcommand -a ${c.name} -d ${q(c.summary)}`,
    ...c.flags.map((f) => flagLine(c, f)),
    ...(c.operandChoices.length
      ? [
          `complete -c bastionless -n ${q(`__fish_seen_subcommand_from ${c.name}`)} -a ${q(c.operandChoices.join(" "))}`,
        ]
      : []),
  ]);
  return `# bastionless completion for fish. Load it with:
#   bastionless completion fish | source
# or save it as ~/.config/fish/completions/bastionless.fish
complete -c bastionless -f
complete -c bastionless -n __fish_use_subcommand -s V -l version -d 'print the version'
${lines.join("\n")}
`;
}
