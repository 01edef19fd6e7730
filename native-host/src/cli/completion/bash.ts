/** `bastionless completion bash`: a completion function for bash (`complete -F`), from the model. */
import { type CompletionCommand, type CompletionFlag, POSIX_PROFILES } from "./completion-model";

/** The words to offer for a flag's value; "" lets bash offer nothing (a free value). */
function valueCase(f: CompletionFlag): string | null {
  if (!f.takesValue) return null;
  const names = [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])].join("|");
  const reply = f.choices.length
    ? `COMPREPLY=($(compgen -W "${f.choices.join(" ")}" -- "$cur"))`
    : f.complete === "file"
      ? `COMPREPLY=($(compgen -f -- "$cur"))`
      : f.complete === "directory"
        ? `COMPREPLY=($(compgen -d -- "$cur"))`
        : f.complete === "profile"
          ? `COMPREPLY=($(compgen -W "$(${POSIX_PROFILES})" -- "$cur"))`
          : "COMPREPLY=()";
  return `        ${names}) ${reply}; return ;;`;
}

function commandCase(c: CompletionCommand): string {
  const flags = c.flags.flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]);
  const values = c.flags.map(valueCase).filter((l): l is string => l !== null);
  return [
    `    ${c.name})`,
    ...(values.length ? ['      case "$prev" in', ...values, "      esac"] : []),
    `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${flags.join(" ")}" -- "$cur"))`,
    `      else COMPREPLY=($(compgen -W "${c.operandChoices.join(" ")}" -- "$cur")); fi`,
    "      ;;",
  ].join("\n");
}

export function bashScript(model: readonly CompletionCommand[]): string {
  return `# bastionless completion for bash. Load it with:
#   source <(bastionless completion bash)
# or save it as ~/.local/share/bash-completion/completions/bastionless
_bastionless() {
  local cur prev cmd i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev=""
  [[ $COMP_CWORD -gt 0 ]] && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  if [[ -z "$cmd" ]]; then
    if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--help -h --version -V --verbose -v --debug" -- "$cur"))
    else COMPREPLY=($(compgen -W "${model.map((c) => c.name).join(" ")}" -- "$cur")); fi
    return 0
  fi
  case "$cmd" in
${model.map(commandCase).join("\n")}
    *) COMPREPLY=() ;;
  esac
  return 0
}
complete -F _bastionless bastionless
`;
}
