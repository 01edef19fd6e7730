/**
 * `bastionless completion SHELL` from the built CLI, run in the real shells: bash and fish
 * complete through their own machinery (`_bastionless` with COMP_WORDS, `complete -C`), zsh
 * through compsys on a pseudo-terminal. PowerShell is not installed here: its script is checked for
 * every command and flag. The shells are in scripts/install-system-deps.sh; missing ones fail.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { commands, HIDDEN_COMMANDS } from "../../native-host/src/cli/commands/index";
import { runCli } from "./assume-run-cli";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-completion-"));
const scripts: Record<string, string> = {};

beforeAll(async () => {
  for (const shell of ["bash", "zsh", "fish", "powershell"]) {
    const r = await runCli(["completion", shell], { PATH: process.env.PATH });
    expect(r.code, r.stderr).toBe(0);
    scripts[shell] = path.join(dir, `bastionless.${shell}`);
    fs.writeFileSync(scripts[shell]!, r.stdout);
  }
});

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { PATH: process.env.PATH, HOME: dir, ...env } });
  expect(r.error, `${cmd} must be installed (scripts/install-system-deps.sh)`).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** COMPREPLY for a command line as typed (a trailing space starts a new, empty word). */
function bash(line: string, env: NodeJS.ProcessEnv = {}): string[] {
  const program = `source "$1"; read -ra COMP_WORDS <<< "$2"; [[ "$2" == *" " ]] && COMP_WORDS+=("");
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _bastionless; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return run("bash", ["-c", program, "bash", scripts.bash!, line], env).split("\n").filter(Boolean);
}

describe("bash", () => {
  it("completes commands, flags, short aliases and flag values", () => {
    expect(bash("bastionless rd")).toEqual(["rdp"]);
    expect(bash("bastionless ")).toContain("completion");
    expect(bash("bastionless ")).not.toContain("tunnel-service");
    expect(bash("bastionless rdp --prof")).toEqual(["--profile"]);
    expect(bash("bastionless rdp web-1 --no")).toEqual(["--no-launch"]);
    expect(bash("bastionless forward db -")).toEqual(
      expect.arrayContaining(["--remote-port", "-p", "-r", "--debug"]),
    );
    expect(bash("bastionless rdp web-1 --engine ")).toEqual(["builtin", "plugin"]);
    expect(bash("bastionless install --browser fi")).toEqual(["firefox"]);
    expect(bash("bastionless completion ")).toEqual(["bash", "zsh", "fish", "powershell"]);
    expect(bash("bastionless help ins").sort()).toEqual(["install", "instances"]);
    // A free value is not completed as a flag.
    expect(bash("bastionless rdp web-1 --local-port ")).toEqual([]);
  });

  it("offers the profile names of the AWS files for --profile and -p", () => {
    fs.writeFileSync(path.join(dir, "credentials"), "[contoso-prod-Admin]\nx = 1\n[saml]\n");
    fs.writeFileSync(path.join(dir, "config"), "[profile contoso-dev-Reader]\nregion = eu-west-1\n");
    const env = {
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "credentials"),
      AWS_CONFIG_FILE: path.join(dir, "config"),
    };
    expect(bash("bastionless rdp web-1 -p contoso", env)).toEqual([
      "contoso-dev-Reader",
      "contoso-prod-Admin",
    ]);
    expect(bash("bastionless instances --profile s", env)).toEqual(["saml"]);
  });
});

describe("fish", () => {
  const fish = (line: string) =>
    run("fish", ["--no-config", "-c", `source ${scripts.fish}; complete -C '${line}'`])
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t")[0]);

  it("parses and completes commands, flags and values", () => {
    run("fish", ["--no-execute", scripts.fish!]);
    expect(fish("bastionless rd")).toEqual(["rdp"]);
    expect(fish("bastionless rdp --prof")).toEqual(["--profile"]);
    expect(fish("bastionless rdp --engine ")).toEqual(["builtin", "plugin"]);
    expect(fish("bastionless completion ")).toEqual(
      expect.arrayContaining(["bash", "zsh", "fish", "powershell"]),
    );
  });
});

/**
 * zsh's completion system needs a terminal: the script runs in an interactive zsh on a zpty with
 * compinit, `compadd` recording what it is given, and a key after the Tab whose widget prints an
 * end mark; the read blocks on that mark (input is processed in order, so no waiting on time).
 */
const ZSH_CAPTURE = `zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PROMPT=; autoload -U compinit; compinit -u -D; source "'$1'"'
zpty -w z 'compadd () { [[ " $* " == *" -"[OAD]" "* ]] && { builtin compadd "$@"; return }; typeset -a h; builtin compadd -A h "$@"; (( $#h )) && print -r -l -- "HIT:"\${^h}; builtin compadd "$@" }'
zpty -w z '_bl_done() { print -r -- "CAPTURE""-DONE" }; zle -N _bl_done; bindkey "^X" _bl_done'
zpty -w -n z "$2"$'\\t\\x18'
zpty -r -m z out '*CAPTURE-DONE*'
print -r -- "$out" | grep -ao "HIT:[A-Za-z0-9_.-]*" | cut -c5- | sort -u
zpty -d z`;

describe("zsh", () => {
  const zsh = (line: string) => {
    const capture = path.join(dir, "capture.zsh");
    fs.writeFileSync(capture, ZSH_CAPTURE);
    return run("zsh", ["-f", capture, scripts.zsh!, line]).split("\n").filter(Boolean);
  };

  it("parses, and completes commands, flags and values through compsys", () => {
    run("zsh", ["-n", scripts.zsh!]);
    expect(zsh("bastionless rd")).toEqual(["rdp"]);
    expect(zsh("bastionless rdp --prof")).toEqual(["--profile"]);
    expect(zsh("bastionless rdp web-1 --engine ")).toEqual(["builtin", "plugin"]);
    expect(zsh("bastionless completion ")).toEqual(["bash", "fish", "powershell", "zsh"]);
    expect(zsh("bastionless forward db -")).toEqual(expect.arrayContaining(["--remote-port", "-p", "-r"]));
  });
});

describe("powershell", () => {
  it("names every command and flag of the table", () => {
    const text = fs.readFileSync(scripts.powershell!, "utf8");
    expect(text).toContain("Register-ArgumentCompleter -Native -CommandName bastionless");
    for (const [name, c] of Object.entries(commands)) {
      if (HIDDEN_COMMANDS.has(name)) {
        expect(text).not.toContain(`'${name}' = @{`);
        continue;
      }
      expect(text).toContain(`'${name}' = @{`);
      for (const flag of Object.keys(c.flags)) expect(text).toContain(`Name = '--${flag}'`);
    }
  });
});
