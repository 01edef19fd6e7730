/**
 * `bastionless credential-process --profile P`: the AWS `credential_process` answer (AWS CLI User
 * Guide, "Sourcing credentials with an external process": `Version: 1`, AccessKeyId,
 * SecretAccessKey, SessionToken, Expiration) from bastionless's credential cache, so tools always
 * get the newest keys and never fight over the shared credentials file (issue 12). Keys close to
 * their end are renewed through a running browser first (docs/renewal.md).
 */
import type { CachedProfile } from "../../aws/files/credential-cache";
import { readCache } from "../../aws/files/credential-cache";
import { AwsError } from "../../errors";
import { askRenewal } from "../../tunnel/service/client/ask-renewal";
import { type FlagTable, parseFlags } from "../args";
import type { Command } from "../command";
import { waitForRenewal } from "../renewal-wait";
import { sleep, timeoutFlag, timeoutSeconds } from "../timeout-flag";

/**
 * Renew when less than this is left: botocore (the AWS CLI) insists on a refresh 10 minutes
 * before expiry (RefreshableCredentials' mandatory refresh) and the JavaScript SDK 5 minutes
 * before (@smithy/core EXPIRATION_MS), so keys handed out with less would be asked for again at
 * once. It is also the extension's default renewal margin, so with a browser running the cache
 * is normally renewed before any tool needs to ask.
 */
export const RENEW_BEFORE_MS = 10 * 60_000;
/** Keys with at least this left are still handed out when renewal fails: a call signed now lands in time. */
export const STILL_USABLE_MS = 60_000;
/**
 * How long a renewal may take by default: a silent renewal is a page load, an IdP round trip and
 * an STS call (seconds); an extension that cannot renew says so at once (renewal.report).
 */
export const DEFAULT_WAIT_S = 60;
/** How often the cache is looked at while waiting (a report usually ends the wait first). */
const POLL_MS = 250;

const FLAGS = {
  profile: {
    type: "string",
    short: "p",
    value: "NAME",
    required: true,
    complete: "profile",
    description: "the profile whose keys to print (one bastionless wrote)",
  },
  timeout: timeoutFlag("a renewal when the keys are about to expire", DEFAULT_WAIT_S),
} as const satisfies FlagTable;

/** The `Version: 1` JSON a credential_process prints. */
export function processOutput(e: CachedProfile): string {
  return `${JSON.stringify({
    Version: 1,
    AccessKeyId: e.accessKeyId,
    SecretAccessKey: e.secretAccessKey,
    SessionToken: e.sessionToken,
    Expiration: e.expiration,
  })}\n`;
}

const signInHint = (profile: string) =>
  `Sign in again: \`bastionless login --profile ${profile}\`, or open the AWS tile in My Apps.`;

export const credentialProcess: Command = {
  summary: "Print a profile's keys for the AWS credential_process setting",
  description: `Prints the newest keys bastionless holds for the profile as the JSON the AWS CLI and SDKs
read from a credential_process command (\`bastionless assume --credential-process\` writes that
setting). When less than ${RENEW_BEFORE_MS / 60_000} minutes are left, a browser running the extension with renewal turned on
is asked to renew first (it signs in again through the IdP where you are already signed in); when
none can, still-valid keys are printed with a warning, expired ones are refused with what to do.
The keys are never written anywhere but stdout.`,
  flags: FLAGS,
  examples: [
    "bastionless credential-process --profile contoso-prod-Admin",
    "# in ~/.aws/config:  credential_process = bastionless credential-process --profile contoso-prod-Admin",
  ],
  async run(args, io) {
    const { values } = parseFlags("credential-process", args, FLAGS);
    const profile = values.profile!;
    const waitS = timeoutSeconds(values.timeout, DEFAULT_WAIT_S);
    const entry = readCache(io.env)[profile];
    if (!entry)
      throw new AwsError("CACHE_MISS", `bastionless holds no keys for profile ${profile}.`, {
        hint: signInHint(profile),
      });
    const left = Date.parse(entry.expiration) - Date.now();
    if (left > RENEW_BEFORE_MS) {
      io.stdout.write(processOutput(entry));
      return 0;
    }
    try {
      io.stdout.write(processOutput(await renewed(io.env, profile, entry, waitS)));
    } catch (err) {
      if (left < STILL_USABLE_MS) throw err;
      io.stderr.write(
        `bastionless: ${(err as Error).message} The current keys (${Math.floor(left / 60_000)} min left) are used.\n`,
      );
      io.stdout.write(processOutput(entry));
    }
    return 0;
  },
};

/** Asks the browsers through the tunnel service and waits for keys written after `old`. */
async function renewed(
  env: NodeJS.ProcessEnv,
  profile: string,
  old: CachedProfile,
  waitS: number,
): Promise<CachedProfile> {
  const channel = await askRenewal(env, { profile, sourceId: old.sourceId, reason: "expiring" });
  const deadline = Date.now() + waitS * 1000;
  try {
    return await waitForRenewal({
      fresh: () => {
        const e = readCache(env)[profile];
        const newer = e && (e.writtenAt !== old.writtenAt || e.accessKeyId !== old.accessKeyId);
        return newer && Date.parse(e.expiration) > Date.now() ? e : null;
      },
      reported: channel.reported,
      tick: () => sleep(POLL_MS),
      timedOut: () => Date.now() >= deadline,
      signInHint: signInHint(profile),
    });
  } finally {
    channel.close();
  }
}
