/**
 * Waiting for a renewal the CLI asked for (issue 12, docs/renewal.md): done as soon as the cache
 * holds fresher keys, or an extension reports how it ended, or the bound is reached. Pure: the
 * cache read, the report, the tick and the clock come in, so tests drive every path by call.
 */
import { AwsError } from "../errors";
import type { RenewalReportedEvent } from "../tunnel/service/ipc/renewal-ops";

export interface RenewalWaitDeps<T> {
  /** The cache's entry when it is fresher than what we had; null while it is not. */
  fresh(): T | null;
  reported: Promise<RenewalReportedEvent | "lost">;
  /** Resolves when it is time to look at the cache again. */
  tick(): Promise<void>;
  /** Whether the bound has passed. */
  timedOut(): boolean;
  /** What to tell the user to do when it did not work. */
  signInHint: string;
}

function failure(r: RenewalReportedEvent, hint: string): AwsError {
  const detail = r.message ? `: ${r.message}` : "";
  return r.outcome === "interaction-required"
    ? new AwsError(
        "RENEWAL_INTERACTION_REQUIRED",
        `The browser could not renew silently: the sign-in page wants you${detail}.`,
        { hint },
      )
    : new AwsError("RENEWAL_FAILED", `The browser could not renew the keys${detail}.`, { hint });
}

export async function waitForRenewal<T>(d: RenewalWaitDeps<T>): Promise<T> {
  let report: RenewalReportedEvent | "lost" | null = null;
  void d.reported.then((r) => (report = r));
  for (;;) {
    const f = d.fresh();
    if (f !== null) return f;
    const r = report as RenewalReportedEvent | "lost" | null;
    if (r !== null && r !== "lost") {
      if (r.outcome !== "renewed") throw failure(r, d.signInHint);
      // The extension answers after its credentials.assume returned, so the cache is written.
      throw new AwsError(
        "RENEWAL_FAILED",
        "The browser renewed its sign-in, but this profile's keys were not among those written (was the role removed from the sign-in?).",
        { hint: d.signInHint },
      );
    }
    if (d.timedOut())
      throw new AwsError("RENEWAL_TIMEOUT", "No renewed keys arrived in time.", {
        hint: `${d.signInHint} (\`--timeout SECONDS\` waits longer).`,
      });
    // Once the service is lost only the cache can still change.
    await (report === null ? Promise.race([d.tick(), d.reported]) : d.tick());
  }
}
