/**
 * CLI mode: `bastionless COMMAND [flags]`. Errors print what happened and what to do (on stderr,
 * or as one JSON object on stdout under --json), and exit with the code of cli/exit-codes.ts.
 */

import { jsonText } from "../../../contract/display-text";
import { createLogger } from "../config/log";
import { VERSION } from "../config/version";
import { BastionlessError, toBastionlessError, UsageError } from "../errors";
import type { CliIO } from "./command";
import { commands, HIDDEN_COMMANDS } from "./commands/index";
import { exitCodeOf } from "./exit-codes";
import { commandHelp, overviewHelp } from "./help-text";
import { closest } from "./suggest";
import { terminalGuard } from "./terminal-guard";

/** The arguments before `--` (after it everything is an operand). */
function flagPart(args: string[]): string[] {
  const end = args.indexOf("--");
  return end < 0 ? args : args.slice(0, end);
}

/**
 * --verbose/-v and --debug apply to every command: they become the environment the loggers (and a
 * tunnel service this command starts) read, and are removed before the command parses its flags.
 */
function globalFlags(args: string[], env: NodeJS.ProcessEnv): { args: string[]; env: NodeJS.ProcessEnv } {
  const flags = flagPart(args);
  const verbose = flags.some((a) => a === "--verbose" || a === "-v");
  const debug = flags.includes("--debug");
  if (!verbose && !debug) return { args, env };
  const rest = [
    ...flags.filter((a) => a !== "--verbose" && a !== "-v" && a !== "--debug"),
    ...args.slice(flags.length),
  ];
  return {
    args: rest,
    env: {
      ...env,
      ...(verbose ? { BASTIONLESS_VERBOSE: "1" } : {}),
      ...(debug ? { BASTIONLESS_DEBUG: "1", BASTIONLESS_LOG_LEVEL: "debug" } : {}),
    },
  };
}

function unknownCommand(name: string): UsageError {
  const names = Object.keys(commands).filter((n) => !HIDDEN_COMMANDS.has(n));
  const guess = closest(name, [...names, "help", "version"]);
  const safe = name.replace(/[^\x20-\x7e]/g, "?").slice(0, 60);
  return new UsageError(
    "USAGE",
    `Unknown command "${safe}"${guess ? `; did you mean \`bastionless ${guess}\`?` : "; `bastionless --help` lists the commands."}`,
  );
}

async function dispatch(args: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    const target = name === "help" ? rest[0] : undefined;
    if (target === undefined) io.stdout.write(overviewHelp(commands, HIDDEN_COMMANDS));
    else if (commands[target]) io.stdout.write(commandHelp(target, commands[target]));
    else throw unknownCommand(target);
    return 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) throw unknownCommand(name);
  if (flagPart(rest).some((a) => a === "--help" || a === "-h")) {
    io.stdout.write(commandHelp(name, command));
    return 0;
  }
  return command.run(rest, io);
}

export async function runCli(argv: string[], rawIo: CliIO): Promise<number> {
  const { args, env } = globalFlags(argv, rawIo.env);
  const io: CliIO = {
    ...rawIo,
    env,
    rawStdout: rawIo.stdout,
    stdout: terminalGuard(rawIo.stdout),
    stderr: terminalGuard(rawIo.stderr),
  };
  const json = flagPart(args).includes("--json");
  try {
    return await dispatch(args, io);
  } catch (err) {
    const e = toBastionlessError(err);
    // jsonText escapes what the terminal guard would otherwise strip: the object keeps every byte.
    if (json) io.stdout.write(jsonText({ error: e.toJSON() }));
    else io.stderr.write(`bastionless: ${e.message}\n${e.hint ? `${e.hint}\n` : ""}`);
    if (!(err instanceof BastionlessError) || io.env.BASTIONLESS_DEBUG) {
      createLogger((l) => io.stderr.write(l), "debug").error("detail", { code: e.code, error: err });
    }
    return exitCodeOf(e);
  }
}
