/** CLI mode: `bastionless COMMAND [flags]`. Errors print what happened and what to do. */
import { createLogger } from "../config/log";
import { VERSION } from "../config/version";
import { BastionlessError, toBastionlessError } from "../errors";
import type { CliIO } from "./command";
import { commands, HIDDEN_COMMANDS } from "./commands/index";
import { terminalGuard } from "./terminal-guard";

function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length), 8);
  const lines = Object.entries(commands)
    .filter(([n]) => !HIDDEN_COMMANDS.has(n))
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    `bastionless ${VERSION}: AWS CLI credentials from your Entra ID sign-in, and RDP over SSM without the plugin.`,
    "",
    "Usage: bastionless COMMAND [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Options: --help, --version. `bastionless COMMAND --help` shows a command's options.",
    "Exit codes: 0 ok, 2 usage, 3 bad input, 4 AWS refused, 5 file problem.",
    "",
  ].join("\n");
}

export async function runCli(args: string[], rawIo: CliIO): Promise<number> {
  const io: CliIO = { ...rawIo, stdout: terminalGuard(rawIo.stdout), stderr: terminalGuard(rawIo.stderr) };
  const [name, ...rest] = args;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    const target = name === "help" ? rest[0] : undefined;
    if (target && commands[target]) io.stdout.write(`Usage: ${commands[target].usage}\n`);
    else io.stdout.write(helpText());
    return 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`bastionless: unknown command "${name}".\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`Usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    const e = toBastionlessError(err);
    io.stderr.write(`bastionless: ${e.message}\n${e.hint ? `${e.hint}\n` : ""}`);
    if (!(err instanceof BastionlessError) || io.env.BASTIONLESS_DEBUG) {
      createLogger((l) => io.stderr.write(l), "debug").error("detail", { code: e.code, error: err });
    }
    return e.exitCode;
  }
}
