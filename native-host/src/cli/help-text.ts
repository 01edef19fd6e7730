/** `--help` text, generated from the command and flag tables (args.ts) and the exit codes. */
import { VERSION } from "../config/version";
import { type FlagSpec, type FlagTable, GLOBAL_FLAGS, usageLine } from "./args";
import type { Command } from "./command";
import { exitCodesText } from "./exit-codes";

function flagLabel(name: string, f: FlagSpec): string {
  const value = f.type === "string" ? ` ${f.value ?? "VALUE"}` : "";
  return `${f.short ? `-${f.short}, ` : "    "}--${name}${value}`;
}

function flagLines(table: FlagTable): string[] {
  const rows = Object.entries(table).map(([n, f]) => [
    flagLabel(n, f),
    `${f.description}${f.multiple ? " (repeatable)" : ""}${f.required ? " (required)" : ""}`,
  ]);
  const width = Math.max(...rows.map((r) => r[0]!.length));
  return rows.map(([l, d]) => `  ${l!.padEnd(width)}  ${d}`);
}

export function commandHelp(name: string, c: Command): string {
  const flags = Object.keys(c.flags).length ? ["", "Options:", ...flagLines(c.flags)] : [];
  return [
    `Usage: ${usageLine(name, c.flags, c.operands)}`,
    "",
    c.description,
    ...flags,
    "",
    "Global options:",
    ...flagLines(GLOBAL_FLAGS),
    "",
    "Examples:",
    ...c.examples.map((e) => `  ${e}`),
    "",
  ].join("\n");
}

export function overviewHelp(
  commands: Readonly<Record<string, Command>>,
  hidden: ReadonlySet<string>,
): string {
  const shown = Object.entries(commands).filter(([n]) => !hidden.has(n));
  const width = Math.max(...shown.map(([n]) => n.length));
  return [
    `bastionless ${VERSION}: AWS CLI credentials from your Entra ID sign-in, and RDP over SSM without the plugin.`,
    "",
    "Usage: bastionless COMMAND [options]",
    "",
    "Commands:",
    ...shown.map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`),
    `  ${"help".padEnd(width)}  Show a command's options: bastionless help COMMAND`,
    "",
    "Global options:",
    ...flagLines(GLOBAL_FLAGS),
    "  -V, --version  print the version",
    "",
    "Errors say what happened and what to do; with --json they are one JSON object on stdout:",
    '{"error":{"code","message","hint"}}.',
    "",
    "Exit codes:",
    exitCodesText(),
    "",
  ].join("\n");
}
