/**
 * A profile the host would not write because bastionless does not own it (issue 11 "Profile
 * ownership"; PROTOCOL.md "Profile names and ownership"). The refusal is shown in the popup with
 * what holds the profile; "Replace it" repeats the same credentials.assume with `force: true`
 * (the host saves the old section to a backup first), "Keep it" forgets the sign-in. Nothing is
 * forced without that click, one click per refusal.
 *
 * The retry needs the assertion again, so it goes back into the assertion store (memory only,
 * assertion-store.ts) until the click, a newer sign-in, or its NotOnOrAfter: after that the popup
 * says to sign in again.
 */
import { CodedError } from "../../../contract/coded-error";
import type { RoleFailure } from "../../../contract/domain";
import type { ProfileRefusal } from "../shared/state";
import { assertionAlarm, type HeldAssertion } from "./assertion-store";
import type { Ctx } from "./context";
import type { AssumeChoice } from "./role-choice";

/** The host's codes for "not bastionless's to overwrite" (native-host/src/aws/files/profile-ownership.ts). */
const OWNERSHIP_CODES: ReadonlySet<string> = new Set(["PROFILE_NOT_OWNED", "PROFILE_OWNED_BY_OTHER_ROLE"]);

export const isOwnershipRefusal = (code: string): boolean => OWNERSHIP_CODES.has(code);

/**
 * What "Replace it" sends: the same choice with force, narrowed to the refused roles when others
 * were written (those stay as they are). Pure.
 */
export function retryChoice(choice: AssumeChoice, refusedRoles: string[] | null): AssumeChoice {
  if (!refusedRoles) return { ...choice, force: true };
  const { allRoles: _, ...rest } = choice;
  return { ...rest, roleArns: refusedRoles, force: true };
}

/** Keeps the assertion for a retry and shows the refusal; `failed` null when the whole call was refused. */
export async function holdRefusal(
  ctx: Ctx,
  held: Omit<HeldAssertion, "id">,
  choice: AssumeChoice,
  problems: ProfileRefusal["problems"],
  failed: RoleFailure[] | null,
): Promise<void> {
  const id = ctx.newId();
  const usable = held.expiresAt > ctx.now();
  if (usable) {
    await ctx.assertions.put({ ...held, id });
    ctx.alarms.create(assertionAlarm(id), { when: held.expiresAt });
  }
  const refusal: ProfileRefusal = {
    id,
    problems,
    choice: retryChoice(choice, failed?.map((f) => f.roleArn) ?? null),
    expiresAt: held.expiresAt,
    usable,
  };
  await ctx.store.dispatch({ type: "refusal/set", refusal });
  await ctx.notify.show(
    "error",
    problems.length === 1 ? "Profile not replaced" : `${problems.length} profiles not replaced`,
    [...problems.map((p) => p.message), "Open bastionless to replace it or keep it."].join("\n"),
  );
}

/** The host refused the whole call for ownership: held for the user's choice instead of an error. */
export function refusedWhole(err: unknown): ProfileRefusal["problems"][number] | null {
  return err instanceof CodedError && isOwnershipRefusal(err.code)
    ? { code: err.code, message: err.message, hint: err.hint ?? null }
    : null;
}
