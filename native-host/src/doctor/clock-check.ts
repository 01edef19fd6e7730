/**
 * Clock skew against AWS: AWS refuses SigV4 requests signed more than 5 minutes off its clock
 * (SignatureDoesNotMatch / "Signature expired"), and STS checks the assertion's NotBefore /
 * NotOnOrAfter against its own time. Measured from the Date header of the STS endpoint (the one
 * the SDK would use, so AWS_ENDPOINT_URL_STS applies); offline, the check is skipped.
 */
import { type Check, fail, ok, warn } from "./check";

const SKEW_FAIL_MS = 5 * 60_000;
const SKEW_WARN_MS = 60_000;
/** The Date header has one-second resolution; a round trip adds its own half. */
const RESOLUTION_MS = 1500;

const FIX =
  "Turn on network time: `sudo timedatectl set-ntp true` (Linux), System Settings › Date & Time › Set automatically (macOS), `w32tm /resync` (Windows)";

/** Pure: the finding for a server Date against the local clock at the request's midpoint. */
export function skewFinding(serverDate: Date, localMid: Date, source: string): Check {
  const skew = localMid.getTime() - serverDate.getTime();
  const abs = Math.abs(skew);
  const text = `${abs < RESOLUTION_MS ? "in step" : `${(abs / 1000).toFixed(0)} s ${skew > 0 ? "ahead of" : "behind"}`} ${source}`;
  if (abs >= SKEW_FAIL_MS)
    return fail("clock.skew", `this clock is ${text}: AWS refuses signatures more than 5 minutes off`, FIX);
  if (abs >= SKEW_WARN_MS) return warn("clock.skew", `this clock is ${text}`, FIX);
  return ok("clock.skew", `clock ${text}`);
}

export function stsEndpoint(env: NodeJS.ProcessEnv): string {
  return env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || "https://sts.amazonaws.com/";
}

export async function clockCheck(
  env: NodeJS.ProcessEnv,
  opts: { offline: boolean; timeoutMs?: number; now?: () => number },
): Promise<Check> {
  if (opts.offline) return ok("clock.skew", "skipped (--offline)");
  const url = stsEndpoint(env);
  const now = opts.now ?? Date.now;
  const t0 = now();
  try {
    const res = await fetch(url, {
      method: "HEAD",
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs ?? 2000),
    });
    const t1 = now();
    const date = Date.parse(res.headers.get("date") ?? "");
    if (!Number.isFinite(date)) return warn("clock.skew", `skipped: ${url} sent no Date header`);
    return skewFinding(new Date(date), new Date((t0 + t1) / 2), new URL(url).host);
  } catch {
    return warn(
      "clock.skew",
      `skipped (offline: ${new URL(url).host} not reachable within ${(opts.timeoutMs ?? 2000) / 1000} s)`,
    );
  }
}
