/**
 * Console sign-in by federation (issue 11, "Console sign-in for any profile"): the hosts of each
 * partition, the getSigninToken request, the login URL and the rule for which URLs may carry a
 * SigninToken. Pure and free of Node APIs: the host builds the URLs, the extension checks the URL
 * it is asked to open with the same rule.
 * AWS doc: IAM User Guide, "Enable custom identity broker access to the AWS console" (steps 3–4:
 * `Action=getSigninToken` with `Session={sessionId, sessionKey, sessionToken}`, then
 * `Action=login&Issuer&Destination&SigninToken`; the token is valid for 15 minutes).
 */
import type { Partition } from "./domain";
import { partitionOfRegion } from "./signin-endpoints";

/** The federation endpoint and console host of each partition (the China doc uses amazonaws.cn). */
const HOSTS: Record<Partition, { federation: string; console: string }> = {
  aws: { federation: "https://signin.aws.amazon.com/federation", console: "console.aws.amazon.com" },
  "aws-us-gov": {
    federation: "https://signin.amazonaws-us-gov.com/federation",
    console: "console.amazonaws-us-gov.com",
  },
  "aws-cn": { federation: "https://signin.amazonaws.cn/federation", console: "console.amazonaws.cn" },
};

/** The Issuer the login URL names: where AWS sends a user whose console session ended. */
export const CONSOLE_ISSUER = "bastionless";

const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** A partition bastionless can federate into, or null for the ISO partitions (private networks). */
export function consolePartition(region: string): Partition | null {
  const p = partitionOfRegion(region);
  return p === "aws" || p === "aws-us-gov" || p === "aws-cn" ? p : null;
}

/** The real federation endpoint of a partition. */
export const federationEndpoint = (p: Partition) => HOSTS[p].federation;

/**
 * The console page the login lands on: the region's own console host in the aws partition (the
 * console's regional hosts, `<region>.console.aws.amazon.com`); GovCloud and China name the
 * region in the query on their one console host.
 */
export function consoleDestination(p: Partition, region: string): string {
  const home = `/console/home?region=${encodeURIComponent(region)}`;
  return p === "aws" ? `https://${region}.${HOSTS.aws.console}${home}` : `https://${HOSTS[p].console}${home}`;
}

/**
 * Whether an endpoint may receive session keys or hand out a SigninToken: https anywhere (as the
 * SDK's AWS_ENDPOINT_URL_<SERVICE>), plain http only on loopback (a local test double), as the
 * SSM stream URL rule (aws/ssm/ssm-session.ts streamUrlAllowed).
 */
export function federationUrlAllowed(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password || u.hash) return false;
  return u.protocol === "https:" || (u.protocol === "http:" && LOOPBACK.has(u.hostname));
}

export interface TemporaryKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/**
 * The getSigninToken request. No SessionDuration: the doc (steps 2–3) ties what the federation
 * endpoint accepts to how the session was made (a role session made with DurationSeconds from
 * anything but long-term IAM user keys fails, a role-chained session is capped at one hour), and
 * bastionless cannot tell how a profile's session was made, so AWS's default console session applies.
 */
export function signinTokenUrl(endpoint: string, keys: TemporaryKeys): string {
  const u = new URL(endpoint);
  const session = JSON.stringify({
    sessionId: keys.accessKeyId,
    sessionKey: keys.secretAccessKey,
    sessionToken: keys.sessionToken,
  });
  u.search = new URLSearchParams({ Action: "getSigninToken", Session: session }).toString();
  return u.toString();
}

/** The login URL (a secret: it signs the user in for 15 minutes). */
export function consoleLoginUrl(endpoint: string, signinToken: string, destination: string): string {
  const u = new URL(endpoint);
  u.search = new URLSearchParams({
    Action: "login",
    Issuer: CONSOLE_ISSUER,
    Destination: destination,
    SigninToken: signinToken,
  }).toString();
  return u.toString();
}

/**
 * Whether a URL is a login URL this product builds: an allowed endpoint, Action=login, a token and
 * an https Destination. The extension opens nothing else it is handed as a console URL.
 */
export function isConsoleLoginUrl(url: string): boolean {
  if (url.length > 8192 || !federationUrlAllowed(url)) return false;
  const q = new URL(url).searchParams;
  const dest = q.get("Destination") ?? "";
  return q.get("Action") === "login" && Boolean(q.get("SigninToken")) && /^https:\/\/[^/?#]+\//.test(dest);
}
