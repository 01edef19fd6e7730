/**
 * One doctor finding: what was checked, how it went, what was seen, and the command that fixes
 * it. Checks never throw: whatever they meet on disk or the network becomes a finding.
 */
export type CheckStatus = "ok" | "warn" | "fail";

export interface Check {
  /** Stable id, e.g. "browser.chrome", "aws.credentials-file", "clock.skew". */
  id: string;
  status: CheckStatus;
  detail: string;
  /** The command (or setting) that fixes a warn/fail. */
  fix?: string;
}

export const ok = (id: string, detail: string): Check => ({ id, status: "ok", detail });
export const warn = (id: string, detail: string, fix?: string): Check => ({
  id,
  status: "warn",
  detail,
  ...(fix ? { fix } : {}),
});
export const fail = (id: string, detail: string, fix: string): Check => ({ id, status: "fail", detail, fix });

/** Runs a check function, turning a crash into a failed finding (the doctor itself must not fail). */
export async function guarded(id: string, fn: () => Check[] | Promise<Check[]>): Promise<Check[]> {
  try {
    return await fn();
  } catch (err) {
    return [
      fail(
        id,
        `the check itself failed: ${(err as Error).message}`,
        "Report this with `bastionless doctor --json` output.",
      ),
    ];
  }
}
