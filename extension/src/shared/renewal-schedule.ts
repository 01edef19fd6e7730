/**
 * When to renew a sign-in source's credentials silently, and what an attempt's end means (issue 12,
 * docs/renewal.md). Pure: the time comes in, the next state (and whether to tell the user) comes
 * out; background/renewal-runner.ts does the opening, closing and notifying.
 *
 * - Due before the earliest expiry among the source's profiles: by the margin, but never by more
 *   than half the credentials' life, so short-lived credentials are not renewed the moment they
 *   are written (STS gives 15 min to 12 h; a test's fake gives less).
 * - Never more often than the floor, whatever asked (the schedule or a CLI through the host); only
 *   the user's own "Renew now" or "Sign in" skips it.
 * - A failure (the helper, STS) retries after floor × 2^(n-1), capped; Entra wanting the user
 *   stops renewal for the source until the user signs in, and says so once.
 */

export type RenewalOutcome = "renewed" | "interaction-required" | "failed";
export type RenewalTrigger = "schedule" | "host" | "user";

export interface RenewalTiming {
  /** Renew this long before the earliest expiry (settings: default 10 min). */
  marginMs: number;
  /** Never start two attempts closer than this, except when the user asks. */
  floorMs: number;
  /** No POST within this long after opening the launch URL: Entra wants the user. */
  timeoutMs: number;
  /** The longest back-off after failures. */
  maxBackoffMs: number;
}

export const DEFAULT_TIMING: RenewalTiming = {
  marginMs: 10 * 60_000,
  floorMs: 60_000,
  timeoutMs: 60_000,
  maxBackoffMs: 30 * 60_000,
};

export interface RenewalAttempt {
  id: string;
  startedAt: number;
  /** When a missing POST means "interaction required". */
  deadline: number;
  trigger: RenewalTrigger;
}

export interface RenewalRun {
  phase: "idle" | "running" | "needs-user";
  /** The earliest expiry among the source's profiles, and when those credentials were written. */
  expiresAt: number | null;
  writtenAt: number | null;
  lastStartAt: number | null;
  attempt: RenewalAttempt | null;
  /** Failures in a row (back-off); reset by a renewal or a sign-in. */
  failures: number;
  last: { at: number; outcome: RenewalOutcome; message: string | null } | null;
}

export const IDLE_RUN: RenewalRun = {
  phase: "idle",
  expiresAt: null,
  writtenAt: null,
  lastStartAt: null,
  attempt: null,
  failures: 0,
  last: null,
};

export interface Credentials {
  expiresAt: number;
  writtenAt: number;
}

export const backoffMs = (failures: number, t: RenewalTiming): number =>
  failures <= 0 ? 0 : Math.min(t.floorMs * 2 ** Math.min(failures - 1, 20), t.maxBackoffMs);

/** When the next silent attempt is due; null when none is (off, waiting for the user, running, nothing written). */
export function nextRenewalAt(r: RenewalRun, renewOn: boolean, t: RenewalTiming): number | null {
  if (!renewOn || r.phase !== "idle" || r.expiresAt === null) return null;
  const life = r.writtenAt === null ? Number.POSITIVE_INFINITY : r.expiresAt - r.writtenAt;
  const due = r.expiresAt - Math.min(t.marginMs, Math.max(0, life / 2));
  const floorAt = r.lastStartAt === null ? Number.NEGATIVE_INFINITY : r.lastStartAt + t.floorMs;
  const backoffAt = r.failures && r.last ? r.last.at + backoffMs(r.failures, t) : Number.NEGATIVE_INFINITY;
  return Math.max(due, floorAt, backoffAt);
}

export type StartDecision =
  | { start: true; run: RenewalRun; attempt: RenewalAttempt }
  | { start: false; why: "running" | "too-soon" | "needs-user" | "off" };

/**
 * Starts an attempt if allowed. The schedule and the host obey the floor and the "needs the
 * user" stop; the user's own click obeys neither (it is how renewal resumes).
 */
export function startRenewal(
  r: RenewalRun,
  o: { now: number; id: string; trigger: RenewalTrigger; renewOn: boolean },
  t: RenewalTiming,
): StartDecision {
  if (r.phase === "running") return { start: false, why: "running" };
  if (o.trigger !== "user") {
    if (!o.renewOn) return { start: false, why: "off" };
    if (r.phase === "needs-user") return { start: false, why: "needs-user" };
    if (r.lastStartAt !== null && o.now < r.lastStartAt + t.floorMs) return { start: false, why: "too-soon" };
    if (o.trigger === "schedule" && r.failures && r.last && o.now < r.last.at + backoffMs(r.failures, t))
      return { start: false, why: "too-soon" };
  }
  const attempt = { id: o.id, startedAt: o.now, deadline: o.now + t.timeoutMs, trigger: o.trigger };
  return { start: true, attempt, run: { ...r, phase: "running", lastStartAt: o.now, attempt } };
}

export interface Finished {
  run: RenewalRun;
  /** Tell the user once that Entra wants them (a notice with a Sign in action). */
  notify: boolean;
}

/** The attempt `attemptId` ended; an end for another (older) attempt changes nothing. */
export function finishRenewal(
  r: RenewalRun,
  o: { now: number; attemptId: string; outcome: RenewalOutcome; message?: string; credentials?: Credentials },
): Finished {
  if (r.phase !== "running" || r.attempt?.id !== o.attemptId) return { run: r, notify: false };
  const last = { at: o.now, outcome: o.outcome, message: o.message ?? null };
  const base = { ...r, attempt: null, last };
  if (o.outcome === "renewed")
    return {
      run: { ...base, phase: "idle", failures: 0, ...credentialsOf(r, o.credentials) },
      notify: false,
    };
  if (o.outcome === "interaction-required") return { run: { ...base, phase: "needs-user" }, notify: true };
  return { run: { ...base, phase: "idle", failures: r.failures + 1 }, notify: false };
}

/** The running attempt's time-out passed without a POST: Entra is showing the user something. */
export function timeOutRenewal(r: RenewalRun, now: number): Finished {
  if (r.phase !== "running" || !r.attempt || now < r.attempt.deadline) return { run: r, notify: false };
  return finishRenewal(r, {
    now,
    attemptId: r.attempt.id,
    outcome: "interaction-required",
    message: "No sign-in came back from Entra ID in time: it wants you to sign in.",
  });
}

/**
 * The user signed in for this source (My Apps, or the Sign in action): renewal resumes from the
 * fresh credentials. A running attempt is left to finish or time out.
 */
export function signedIn(r: RenewalRun, now: number, credentials: Credentials): RenewalRun {
  return {
    ...r,
    phase: r.phase === "running" ? "running" : "idle",
    failures: 0,
    ...credentialsOf(r, credentials),
    last: r.phase === "needs-user" ? { at: now, outcome: "renewed", message: "You signed in." } : r.last,
  };
}

function credentialsOf(
  r: RenewalRun,
  c: Credentials | undefined,
): Pick<RenewalRun, "expiresAt" | "writtenAt"> {
  return c
    ? { expiresAt: c.expiresAt, writtenAt: c.writtenAt }
    : { expiresAt: r.expiresAt, writtenAt: r.writtenAt };
}
