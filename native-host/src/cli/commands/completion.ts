/** `bastionless completion SHELL`: prints a completion script generated from the command and flag tables. */
import { UsageError } from "../../errors";
import { type FlagTable, parseFlags } from "../args";
import type { Command } from "../command";
import { bashScript } from "../completion/bash";
import { completionModel } from "../completion/completion-model";
import { fishScript } from "../completion/fish";
import { powershellScript } from "../completion/powershell";
import { zshScript } from "../completion/zsh";
import { commands, HIDDEN_COMMANDS } from "./index";

const SCRIPTS = { bash: bashScript, zsh: zshScript, fish: fishScript, powershell: powershellScript } as const;
const SHELLS = Object.keys(SCRIPTS) as Array<keyof typeof SCRIPTS>;

const FLAGS = {} as const satisfies FlagTable;

export const completion: Command = {
  summary: "Print a shell completion script (bash, zsh, fish, powershell)",
  description: `Prints a script that completes bastionless commands, flags, flag values (--engine, --browser,
profile names for --profile) for your shell. Load it in the current shell or save it where the
shell looks for completions (each script's first lines say where).`,
  operands: "SHELL",
  operandChoices: SHELLS,
  flags: FLAGS,
  examples: [
    "source <(bastionless completion bash)",
    "bastionless completion zsh > ~/.zfunc/_bastionless",
    "bastionless completion fish | source",
    "bastionless completion powershell | Out-String | Invoke-Expression",
  ],
  async run(args, io) {
    const { positionals } = parseFlags("completion", args, FLAGS, "SHELL");
    const shell = positionals[0];
    if (positionals.length !== 1 || !SHELLS.includes(shell as keyof typeof SCRIPTS))
      throw new UsageError("USAGE", `Give one shell: ${SHELLS.join(", ")}.`, {
        hint: "Example: source <(bastionless completion bash)",
      });
    io.stdout.write(SCRIPTS[shell as keyof typeof SCRIPTS](completionModel(commands, HIDDEN_COMMANDS)));
    return 0;
  },
};
