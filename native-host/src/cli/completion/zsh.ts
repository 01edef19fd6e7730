/** `bastionless completion zsh`: a native zsh completion (`_arguments`, with descriptions), from the model. */
import { type CompletionCommand, type CompletionFlag, POSIX_PROFILES } from "./completion-model";

/** A single-quoted zsh string. */
const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
/** Text inside an _arguments `[description]`: brackets and backslashes escaped. */
const desc = (s: string) => s.replace(/[\\[\]]/g, (c) => `\\${c}`);

function action(f: CompletionFlag): string {
  if (!f.takesValue) return "";
  const what = f.long.toUpperCase();
  if (f.choices.length) return `:${what}:(${f.choices.join(" ")})`;
  if (f.complete === "file") return `:${what}:_files`;
  if (f.complete === "directory") return `:${what}:_files -/`;
  if (f.complete === "profile") return `:${what}:_bastionless_profiles`;
  return `:${what}: `;
}

function spec(f: CompletionFlag): string {
  const body = `[${desc(f.description)}]${action(f)}`;
  if (!f.short) return q(`--${f.long}${body}`);
  return `${q(`(-${f.short} --${f.long})`)}{-${f.short},--${f.long}}${q(body)}`;
}

function commandCase(c: CompletionCommand): string {
  const operand = c.operandChoices.length
    ? [q(`*:value:(${c.operandChoices.join(" ")})`)]
    : [q("*:argument: ")];
  const specs = [...c.flags.map(spec), ...operand];
  return [
    `    ${c.name})`,
    "      _arguments -s \\",
    ...specs.map((s, i) => `        ${s}${i < specs.length - 1 ? " \\" : ""}`),
    "      ;;",
  ].join("\n");
}

export function zshScript(model: readonly CompletionCommand[]): string {
  return `#compdef bastionless
# bastionless completion for zsh. Load it with:
#   source <(bastionless completion zsh)
# or save it as _bastionless in a folder of your $fpath.
_bastionless_profiles() {
  local -a profiles
  profiles=(\${(f)"$(${POSIX_PROFILES})"})
  _describe -t profiles 'AWS profile' profiles
}

_bastionless() {
  local -a commands
  commands=(
${model.map((c) => `    ${q(`${c.name}:${c.summary}`)}`).join("\n")}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'bastionless command' commands
    return
  fi
  local cmd=\${words[2]}
  shift words
  (( CURRENT-- ))
  curcontext="\${curcontext%:*:*}:bastionless-$cmd:"
  case $cmd in
${model.map(commandCase).join("\n")}
  esac
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _bastionless "$@"
else
  compdef _bastionless bastionless
fi
`;
}
