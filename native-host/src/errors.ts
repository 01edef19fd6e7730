/**
 * The host's error classes, one per layer (style §7), each with the exit code the CLI ends with.
 * What every error carries (code, message, hint) is contract/coded-error.ts; which code means
 * what is PROTOCOL.md; what each exit code means is cli/exit-codes.ts.
 */
import { CodedError } from "../../contract/coded-error";

/** The exit codes of `bastionless`. Append-only: scripts depend on these numbers. */
export const EXIT = { ok: 0, failed: 1, usage: 2, input: 3, aws: 4, file: 5 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class BastionlessError extends CodedError {
  readonly exitCode: ExitCode = EXIT.failed;
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
