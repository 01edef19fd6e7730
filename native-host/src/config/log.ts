/**
 * Logging. stdout of the native host carries frames only (design §3), so logs go to stderr (CLI)
 * or to a file (host). Secrets never reach a log: values under secret-looking keys and anything
 * shaped like a SAML response or a session token are replaced before writing.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEY = /saml|assertion|secret|token|password|credential|sessiontoken|accesskey/i;
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Long base64 runs (assertions, tokens) are never useful in a log and may be secrets. */
function scrubString(s: string): string {
  return s.replace(/[A-Za-z0-9+/=_-]{200,}/g, (m) => `[redacted ${m.length} chars]`);
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[…]";
  if (typeof value === "string") return scrubString(value);
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return {
      name: value.name,
      message: scrubString(value.message),
      ...(cause ? { cause: redact(cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1);
    return out;
  }
  return value;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * Date#toISOString, from the UTC fields: V8 loads the time-zone database on the first
 * toISOString (0.3 ms of every host start, for a line that is UTC anyway).
 */
export function isoUtc(d: Date): string {
  const year = d.getUTCFullYear();
  const y = year >= 0 && year <= 9999 ? pad(year, 4) : (year < 0 ? "-" : "+") + pad(Math.abs(year), 6);
  return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

export function createLogger(
  write: (line: string) => void,
  minLevel: LogLevel = "info",
  clock: () => Date = () => new Date(),
): Logger {
  const emit = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    const record = {
      time: isoUtc(clock()),
      level,
      msg: scrubString(msg),
      ...(fields ? (redact(fields) as object) : {}),
    };
    write(`${JSON.stringify(record)}\n`);
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export const silentLogger: Logger = createLogger(() => {}, "error");
