/**
 * Errors people and the extension see. Every error has a stable `code` (append-only; listed in
 * PROTOCOL.md), a message saying what happened, and a `hint` saying what to do next, naming the
 * flag or setting. Each layer has its own class so callers know what follows (style §7):
 * UsageError exits 2, InputError 3, AwsError 4, FileError 5 (the table: cli/exit-codes.ts).
 */
import { EXIT, type ExitCode } from "./cli/exit-codes";

export type { ExitCode };

export class BastionlessError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode = EXIT.failed;

  constructor(code: string, message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = opts.hint;
  }

  toJSON(): { code: string; message: string; hint?: string } {
    return this.hint
      ? { code: this.code, message: this.message, hint: this.hint }
      : { code: this.code, message: this.message };
  }
}

/** Bad flags or arguments: the command line itself is wrong. Exit 2. */
export class UsageError extends BastionlessError {
  override readonly exitCode = EXIT.usage;
}

/** Input from outside (an assertion, a message, a file's contents) is malformed. Exit 3. */
export class InputError extends BastionlessError {
  override readonly exitCode = EXIT.input;
}

/** AWS (or the stand-in) refused or failed a call. Exit 4. */
export class AwsError extends BastionlessError {
  override readonly exitCode = EXIT.aws;
}

/** A file could not be read, locked or written; the original is left intact. Exit 5. */
export class FileError extends BastionlessError {
  override readonly exitCode = EXIT.file;
}

/** The native-messaging conversation itself is broken (framing, envelope, caller). */
export class ProtocolError extends BastionlessError {
  override readonly exitCode = EXIT.input;
}

/** A tunnel could not be opened or was lost. */
export class TunnelError extends BastionlessError {
  override readonly exitCode = EXIT.aws;
}

/** Anything thrown that is not ours becomes INTERNAL with the detail kept for the log only. */
export function toBastionlessError(err: unknown): BastionlessError {
  if (err instanceof BastionlessError) return err;
  return new BastionlessError("INTERNAL", "bastionless hit an unexpected error.", {
    hint: "Run `bastionless doctor`; if it persists, report it with the log file.",
    cause: err,
  });
}
