/**
 * The flag table and parsing on top of node:util parseArgs. Each command declares its flags once
 * (a FlagTable); parsing, `--help` (help-text.ts) and shell completion (completion/) all read it.
 * Mistakes become one-line UsageErrors (exit 2) naming the closest valid flag, never Node's text.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "../errors";
import { closest } from "./suggest";

export interface FlagSpec {
  type: "string" | "boolean";
  /** Repeatable: the values arrive as an array. */
  multiple?: boolean;
  /** One-letter alias (`-p`). */
  short?: string;
  /** The value's name in help (`NAME`, `N`); string flags only. */
  value?: string;
  /** The parse fails without it. */
  required?: boolean;
  /** Values offered by shell completion (`--engine builtin|plugin`). */
  choices?: readonly string[];
  /** What shell completion offers as the value when there are no choices. */
  complete?: "file" | "directory" | "profile";
  /** One line for `--help`. */
  description: string;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

type ValueOf<F extends FlagSpec> = F["type"] extends "boolean"
  ? F["multiple"] extends true
    ? boolean[]
    : boolean
  : F["multiple"] extends true
    ? string[]
    : string;

export type FlagValues<T extends FlagTable> = { [K in keyof T]?: ValueOf<T[K]> };

/** Flags every command takes; run-cli.ts handles them before the command's own parse. */
export const GLOBAL_FLAGS = {
  help: { type: "boolean", short: "h", description: "show this help" },
  verbose: { type: "boolean", short: "v", description: "log what bastionless does to stderr" },
  debug: {
    type: "boolean",
    description: "log everything (AWS calls, error details) to stderr; BASTIONLESS_DEBUG=1 does the same",
  },
} as const satisfies FlagTable;

function unknownFlag(command: string, raw: string, table: FlagTable): UsageError {
  const names = Object.keys({ ...table, ...GLOBAL_FLAGS });
  const bare = raw.replace(/^-+/, "");
  const guess = closest(bare, names);
  const safe = raw.replace(/[^\x20-\x7e]/g, "?").slice(0, 60);
  return new UsageError(
    "USAGE",
    `Unknown flag ${safe} for \`bastionless ${command}\`${guess ? `; did you mean --${guess}?` : `; see \`bastionless ${command} --help\`.`}`,
  );
}

/** Parses `args` against the table: unknown flags, missing values and stray arguments are UsageErrors. */
export function parseFlags<T extends FlagTable>(
  command: string,
  args: string[],
  table: T,
  operands?: string,
): { values: FlagValues<T>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(table).map(([name, f]) => [
      name,
      { type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}) },
    ]),
  ) as NonNullable<ParseArgsConfig["options"]>;
  const loose = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const t of loose.tokens ?? []) {
    if (t.kind === "positional") {
      if (!operands)
        throw new UsageError(
          "USAGE",
          `\`bastionless ${command}\` takes no argument "${t.value.slice(0, 60)}".`,
        );
      continue;
    }
    if (t.kind !== "option") continue;
    // parseArgs names a known short flag by its long name, an unknown one by its letter.
    const name =
      t.rawName.startsWith("--") || table[t.name]?.short === t.rawName.slice(1) ? t.name : undefined;
    const spec = name === undefined ? undefined : table[name];
    if (!spec) throw unknownFlag(command, t.rawName, table);
    if (spec.type === "boolean" && t.value !== undefined)
      throw new UsageError("USAGE", `--${name} takes no value.`);
    // As parseArgs' strict mode: `--profile --json` is a forgotten value, `-` (stdin) is a value.
    if (spec.type === "string" && (t.value === undefined || (!t.inlineValue && /^-./.test(t.value))))
      throw new UsageError("USAGE", `--${name} needs a value (${spec.value ?? "VALUE"}).`);
  }
  const parsed = parseArgs({ args, options, strict: true, allowPositionals: Boolean(operands) });
  for (const [name, f] of Object.entries(table)) {
    if (f.required && parsed.values[name] === undefined)
      throw new UsageError("USAGE", `--${name} is required.`, {
        hint: `Usage: ${usageLine(command, table, operands)}`,
      });
  }
  return parsed as { values: FlagValues<T>; positionals: string[] };
}

/** `bastionless rdp TARGET --profile NAME [--region REGION] …`, from the table. */
export function usageLine(command: string, table: FlagTable, operands?: string): string {
  const flag = ([name, f]: [string, FlagSpec]) =>
    `--${name}${f.type === "string" ? ` ${f.value ?? "VALUE"}` : ""}${f.multiple ? "…" : ""}`;
  const parts = Object.entries(table).map((e) => (e[1].required ? flag(e) : `[${flag(e)}]`));
  return ["bastionless", command, ...(operands ? [operands] : []), ...parts].join(" ");
}

export function intFlag(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError("USAGE", `--${name} must be a whole number from ${min} to ${max}.`);
  return n;
}
