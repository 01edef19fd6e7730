/**
 * The shape of every error people and the extension see: a stable `code` (append-only; listed in
 * PROTOCOL.md), a message saying what happened, and a `hint` saying what to do next. The host's
 * error classes (native-host/src/errors.ts) and the extension's link errors both extend it, so
 * an error reads the same whichever side raised it.
 */
export class CodedError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

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
