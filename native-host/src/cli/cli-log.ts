/** The CLI's stderr logger, at the level --debug/--verbose (or BASTIONLESS_DEBUG) asked for. */
import { createLogger, type Logger } from "../config/log";
import type { CliIO } from "./command";

export function cliLogger(io: CliIO): Logger {
  const level = io.env.BASTIONLESS_DEBUG ? "debug" : io.env.BASTIONLESS_VERBOSE ? "info" : "warn";
  return createLogger((l) => io.stderr.write(l), level);
}
