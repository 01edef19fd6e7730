/**
 * Errors of the extension's link to the native host, in the shape of contract/coded-error.ts:
 * a stable code, what happened, and what to do (with the exact command when there is one).
 * The browser reports native-messaging failures only as text; the texts below are the ones
 * Chromium and Firefox use (docs/testing/browser-e2e.md §5).
 */

import { CodedError } from "../../../contract/coded-error";
import type { ErrorBody } from "../../../contract/envelope";
import { CHROMIUM_EXTENSION_IDS, FIREFOX_EXTENSION_IDS } from "../../../contract/extension-ids";
import type { HostState, UserError } from "../shared/state";

export class HostLinkError extends CodedError {
  readonly command: string | null;

  constructor(
    code: string,
    message: string,
    opts: { hint?: string; command?: string | null; cause?: unknown } = {},
  ) {
    super(code, message, opts);
    this.command = opts.command ?? null;
  }

  toUserError(at: number): UserError {
    return { code: this.code, message: this.message, hint: this.hint ?? null, command: this.command, at };
  }
}

export interface InstallTarget {
  browser: "chrome" | "firefox";
  /** runtime.id: the Chromium extension id or the Firefox add-on id. */
  extensionId: string;
}

/** The command that registers the host for this very extension build. */
export function installCommand(t: InstallTarget): string {
  const known = t.browser === "firefox" ? FIREFOX_EXTENSION_IDS : CHROMIUM_EXTENSION_IDS;
  const base = t.browser === "firefox" ? "bastionless install --browser firefox" : "bastionless install";
  return known.includes(t.extensionId) ? base : `${base} --extension-id ${t.extensionId}`;
}

/** Turns the browser's text for a failed native connection into a coded error. */
export function errorFromDisconnect(text: string | null, t: InstallTarget): HostLinkError {
  const why = text ?? "the host closed the connection";
  const install = installCommand(t);
  if (/not found|no such native application/i.test(why)) {
    return new HostLinkError(
      "HOST_NOT_INSTALLED",
      "The bastionless helper program is not installed for this browser.",
      {
        hint: "Install bastionless, run this command, then reopen this popup.",
        command: install,
      },
    );
  }
  if (/forbidden|not allowed/i.test(why)) {
    return new HostLinkError(
      "HOST_FORBIDDEN",
      "The bastionless helper is installed, but not for this extension.",
      {
        hint: "Register it for this extension, then reopen this popup.",
        command: install,
      },
    );
  }
  if (/exited/i.test(why)) {
    return new HostLinkError("HOST_EXITED", "The bastionless helper stopped unexpectedly.", {
      hint: "Check it with this command; reinstalling it often helps.",
      command: "bastionless doctor",
    });
  }
  return new HostLinkError("HOST_FAILED", `The browser could not talk to the bastionless helper (${why}).`, {
    hint: "Check it with this command.",
    command: "bastionless doctor",
  });
}

/**
 * The host's hint names the CLI's --force; from the extension the choices are these. The message
 * (which profile, what it holds, which role was refused) is the host's own.
 */
const EXTENSION_HINTS: Readonly<Record<string, string>> = {
  PROFILE_NOT_OWNED:
    "Nothing was changed. Give this role its own profile name (Options → Profile per role, or the name field in the role picker), or remove that profile from the file yourself and sign in again.",
  PROFILE_OWNED_BY_OTHER_ROLE:
    "Nothing was changed: each profile stays with the account and role it was written for. Give this role its own profile name (Options → Profile per role), or use the default {account}-{role} names.",
};

/** The hint to show for a host error (a reply's, or a role's in credentials.assume `failed`). */
export const hintFor = (body: ErrorBody): string | undefined => EXTENSION_HINTS[body.code] ?? body.hint;

/** An error answer from the host keeps the host's code; its hint is kept unless the extension's fits better. */
export function errorFromReply(body: ErrorBody, t: InstallTarget): HostLinkError {
  const command = body.code === "ORIGIN_NOT_ALLOWED" ? installCommand(t) : null;
  return new HostLinkError(body.code, body.message, { hint: hintFor(body), command });
}

export function outdatedHost(version: string, reason: string, t: InstallTarget): HostLinkError {
  return new HostLinkError(
    "HOST_OUTDATED",
    `The bastionless helper ${version} is too old for this extension (${reason}).`,
    {
      hint: "Update bastionless to the version of this extension, then run this command.",
      command: installCommand(t),
    },
  );
}

export const timeoutError = (type: string, seconds: number) =>
  new HostLinkError("HOST_TIMEOUT", `The bastionless helper did not answer ${type} within ${seconds} s.`, {
    hint: "Try again; if it keeps happening, check the host log with `bastionless doctor`.",
  });

export const badReplyError = (type: string, detail: string) =>
  new HostLinkError(
    "HOST_BAD_REPLY",
    `The bastionless helper sent an answer to ${type} this extension cannot read (${detail}).`,
    {
      hint: "Update bastionless and the extension to the same version.",
    },
  );

/** Anything else becomes a coded error too, never an unexplained failure in the popup. */
export function asHostLinkError(err: unknown): HostLinkError {
  if (err instanceof HostLinkError) return err;
  if (err instanceof CodedError)
    return new HostLinkError(err.code, err.message, { hint: err.hint, cause: err });
  return new HostLinkError("EXTENSION_FAILED", "Something went wrong in the extension.", {
    hint: "Reload the extension; if it persists, report it with the browser console output.",
    cause: err,
  });
}

/** What an error says about the host itself, if anything (the popup's host status line). */
export function hostStateFor(code: string): HostState | null {
  if (code === "HOST_NOT_INSTALLED") return "missing";
  if (code === "HOST_FORBIDDEN" || code === "ORIGIN_NOT_ALLOWED") return "forbidden";
  if (code === "HOST_OUTDATED") return "outdated";
  if (code === "HOST_EXITED" || code === "HOST_FAILED") return "failing";
  return null;
}
