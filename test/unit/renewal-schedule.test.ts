/**
 * The silent-renewal scheduler (issue 12) against simulated time: an hour of 5-minute
 * credentials with no user action, the floor, back-off, one notice when Entra wants the user,
 * and renewal resuming after the user signs in.
 */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_TIMING,
  finishRenewal,
  IDLE_RUN,
  nextRenewalAt,
  type RenewalRun,
  type RenewalTiming,
  signedIn,
  startRenewal,
  timeOutRenewal,
} from "../../extension/src/shared/renewal-schedule";

const MIN = 60_000;
const LIFE = 5 * MIN;
/** How long a renewal takes from opening the launch URL to the profile on disk. */
const TAKES = 3_000;

function signedInAt(now: number): RenewalRun {
  return signedIn(IDLE_RUN, now, { expiresAt: now + LIFE, writtenAt: now });
}

/** Runs the schedule from `run` until `end`, renewing whenever due; every attempt succeeds. */
function simulate(run: RenewalRun, start: number, end: number, t: RenewalTiming) {
  const starts: number[] = [];
  const gaps: Array<{ expiredAt: number; renewedAt: number }> = [];
  let now = start;
  let n = 0;
  for (;;) {
    const due = nextRenewalAt(run, true, t);
    expect(due).not.toBeNull();
    if (due! > end) break;
    now = Math.max(now, due!);
    const s = startRenewal(run, { now, id: `a${n++}`, trigger: "schedule", renewOn: true }, t);
    if (!s.start) throw new Error(`refused at ${now}: ${s.why}`);
    starts.push(now);
    now += TAKES;
    if (now >= run.expiresAt!) gaps.push({ expiredAt: run.expiresAt!, renewedAt: now });
    run = finishRenewal(s.run, {
      now,
      attemptId: s.attempt.id,
      outcome: "renewed",
      credentials: { expiresAt: now + LIFE, writtenAt: now },
    }).run;
  }
  return { starts, gaps, run };
}

describe("renewal schedule", () => {
  it("keeps 5-minute credentials valid for an hour, renewing before each expiry", () => {
    const { starts, gaps } = simulate(signedInAt(0), 0, 60 * MIN, DEFAULT_TIMING);
    expect(gaps).toEqual([]);
    // Half the life before expiry (the 10-minute margin is longer than the credentials live).
    expect(starts[0]).toBe(2.5 * MIN);
    expect(starts.length).toBeGreaterThanOrEqual(20);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBe(2.5 * MIN + TAKES);
  });

  it("renews one-hour credentials the margin before expiry", () => {
    const run = signedIn(IDLE_RUN, 0, { expiresAt: 60 * MIN, writtenAt: 0 });
    expect(nextRenewalAt(run, true, DEFAULT_TIMING)).toBe(50 * MIN);
    expect(nextRenewalAt(run, true, { ...DEFAULT_TIMING, marginMs: 15 * MIN })).toBe(45 * MIN);
  });

  it("never renews more often than the floor", () => {
    const t = { ...DEFAULT_TIMING, floorMs: 4 * MIN };
    const { starts, gaps } = simulate(signedInAt(0), 0, 60 * MIN, t);
    expect(gaps).toEqual([]);
    for (let i = 1; i < starts.length; i++)
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(4 * MIN);
    // A CLI asking through the host inside the floor is refused; the user's own click is not.
    const s = startRenewal(signedInAt(0), { now: 0, id: "x", trigger: "schedule", renewOn: true }, t);
    if (!s.start) throw new Error("first start refused");
    const done = finishRenewal(s.run, { now: 1000, attemptId: "x", outcome: "renewed" }).run;
    expect(startRenewal(done, { now: 2 * MIN, id: "y", trigger: "host", renewOn: true }, t)).toEqual({
      start: false,
      why: "too-soon",
    });
    expect(startRenewal(done, { now: 2 * MIN, id: "y", trigger: "user", renewOn: true }, t).start).toBe(true);
  });

  it("backs off after failures, doubling up to the cap, and resets on success", () => {
    const t = { ...DEFAULT_TIMING, floorMs: MIN, maxBackoffMs: 8 * MIN };
    let run = signedIn(IDLE_RUN, 0, { expiresAt: 60 * MIN, writtenAt: 0 });
    let now = 50 * MIN;
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const s = startRenewal(run, { now, id: `f${i}`, trigger: "schedule", renewOn: true }, t);
      if (!s.start) throw new Error(`refused: ${s.why}`);
      run = finishRenewal(s.run, { now, attemptId: `f${i}`, outcome: "failed", message: "STS" }).run;
      const next = nextRenewalAt(run, true, t)!;
      waits.push(next - now);
      // Not before the back-off, even when asked by the schedule.
      expect(
        startRenewal(run, { now: next - 1, id: "early", trigger: "schedule", renewOn: true }, t).start,
      ).toBe(false);
      now = next;
    }
    expect(waits).toEqual([MIN, 2 * MIN, 4 * MIN, 8 * MIN, 8 * MIN, 8 * MIN]);
    const s = startRenewal(run, { now, id: "ok", trigger: "schedule", renewOn: true }, t);
    if (!s.start) throw new Error("refused");
    run = finishRenewal(s.run, {
      now,
      attemptId: "ok",
      outcome: "renewed",
      credentials: { expiresAt: now + 60 * MIN, writtenAt: now },
    }).run;
    expect(run.failures).toBe(0);
    expect(nextRenewalAt(run, true, t)).toBe(now + 50 * MIN);
  });

  it("notifies once when Entra wants the user, stops, and resumes after the user signs in", () => {
    const t = DEFAULT_TIMING;
    let run = signedInAt(0);
    const due = nextRenewalAt(run, true, t)!;
    const s = startRenewal(run, { now: due, id: "r1", trigger: "schedule", renewOn: true }, t);
    if (!s.start) throw new Error("refused");
    run = s.run;
    // Before the deadline nothing happens; at it, one notice.
    expect(timeOutRenewal(run, s.attempt.deadline - 1)).toEqual({ run, notify: false });
    const timedOut = timeOutRenewal(run, s.attempt.deadline);
    expect(timedOut.notify).toBe(true);
    run = timedOut.run;
    expect(run.phase).toBe("needs-user");
    expect(run.last?.outcome).toBe("interaction-required");
    // A late end of the same attempt (the prompt page seen after the time-out) says nothing again.
    expect(
      finishRenewal(run, { now: due + 1, attemptId: "r1", outcome: "interaction-required" }).notify,
    ).toBe(false);
    // No further attempts, from the schedule or a CLI, for the rest of the hour.
    expect(nextRenewalAt(run, true, t)).toBeNull();
    for (let now = due; now < 60 * MIN; now += MIN) {
      expect(startRenewal(run, { now, id: "n", trigger: "schedule", renewOn: true }, t)).toEqual({
        start: false,
        why: "needs-user",
      });
      expect(startRenewal(run, { now, id: "n", trigger: "host", renewOn: true }, t).start).toBe(false);
      expect(timeOutRenewal(run, now).notify).toBe(false);
    }
    // The user signs in at minute 60: the schedule resumes from the new credentials.
    run = signedIn(run, 60 * MIN, { expiresAt: 65 * MIN, writtenAt: 60 * MIN });
    expect(run.phase).toBe("idle");
    expect(nextRenewalAt(run, true, t)).toBe(62.5 * MIN);
    const { gaps } = simulate(run, 60 * MIN, 120 * MIN, t);
    expect(gaps).toEqual([]);
  });

  it("plans nothing when renewal is off, nothing was written, or an attempt runs", () => {
    const t = DEFAULT_TIMING;
    expect(nextRenewalAt(signedInAt(0), false, t)).toBeNull();
    expect(nextRenewalAt(IDLE_RUN, true, t)).toBeNull();
    expect(startRenewal(signedInAt(0), { now: 0, id: "a", trigger: "schedule", renewOn: false }, t)).toEqual({
      start: false,
      why: "off",
    });
    const s = startRenewal(signedInAt(0), { now: 0, id: "a", trigger: "user", renewOn: false }, t);
    if (!s.start) throw new Error("refused");
    expect(nextRenewalAt(s.run, true, t)).toBeNull();
    expect(startRenewal(s.run, { now: 1, id: "b", trigger: "user", renewOn: true }, t)).toEqual({
      start: false,
      why: "running",
    });
    // An end for another attempt changes nothing.
    expect(finishRenewal(s.run, { now: 2, attemptId: "other", outcome: "renewed" }).run).toBe(s.run);
  });
});
