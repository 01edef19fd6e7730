/** Flag parsing on top of node:util parseArgs, turning its errors into UsageError (exit 2). */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "../errors";

export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
  usage: string,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError("USAGE", (err as Error).message, { hint: `Usage: ${usage}` });
  }
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
