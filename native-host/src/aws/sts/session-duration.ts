/**
 * DurationSeconds for AssumeRoleWithSAML (design §4). It defaults to the assertion's
 * SessionDuration; a role's MaxSessionDuration may be lower (IAM: 3600–43200, default 3600), and
 * STS then refuses with a ValidationError rather than shortening it. We step down through the
 * durations the IAM console offers until STS accepts; 3600 is allowed for every role. Pure.
 */

/** 12, 10, 8, 6, 4, 3, 2 and 1 hours. */
export const STANDARD_DURATIONS = [43200, 36000, 28800, 21600, 14400, 10800, 7200, 3600] as const;
/** STS's own default when DurationSeconds is not given. */
export const DEFAULT_DURATION = 3600;

/** The next shorter standard duration to try after `refused`, or null when none is left. */
export function nextShorterDuration(refused: number): number | null {
  return STANDARD_DURATIONS.find((d) => d < refused) ?? null;
}

/** STS API Reference, AssumeRoleWithSAML: "exceeds the MaxSessionDuration set for this role". */
export function isOverMaxSessionDuration(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; message?: string };
  return (
    (e?.name === "ValidationError" || e?.Code === "ValidationError") &&
    /MaxSessionDuration/i.test(e.message ?? "")
  );
}

export function durationNote(asked: number, used: number): string {
  return `STS refused ${asked} s as longer than the role's maximum session duration; used ${used} s.`;
}
