/**
 * `bastionless login [--source NAME] [--profile P] [--timeout S]`: the `aws sso login` of this
 * product (issue 12). Opens the sign-in source's launch URL in the default browser, where the
 * extension captures the sign-in and writes the profiles as on any sign-in, and waits until the
 * credential cache holds keys written after it started; then prints them.
 */
import { displayText, jsonText } from "../../../../contract/display-text";
import { type CachedProfile, type CredentialCache, readCache } from "../../aws/files/credential-cache";
import { expiryText } from "../../aws/files/expiry-text";
import { pickSource } from "../../aws/files/pick-source";
import { readSources } from "../../aws/files/signin-sources-store";
import { AwsError } from "../../errors";
import { openUrl } from "../../platform/open-url";
import { type FlagTable, parseFlags } from "../args";
import type { Command } from "../command";
import { sleep, timeoutFlag, timeoutSeconds } from "../timeout-flag";

/** A person may have to type a password and approve MFA: five minutes. */
export const DEFAULT_LOGIN_WAIT_S = 300;
const POLL_MS = 500;

const FLAGS = {
  source: {
    type: "string",
    value: "NAME",
    description: "the sign-in source to open (its name in the extension)",
  },
  profile: {
    type: "string",
    short: "p",
    value: "NAME",
    complete: "profile",
    description: "wait for this profile, and open the source that wrote it",
  },
  timeout: timeoutFlag("the sign-in", DEFAULT_LOGIN_WAIT_S),
  json: { type: "boolean", description: "print the profiles (or the error with its code) as JSON" },
} as const satisfies FlagTable;

/** Profiles written after `since` that this login waits for. Pure. */
export function newlyWritten(
  cache: CredentialCache,
  since: string,
  want: { profile?: string; sourceId: string },
): Array<[string, CachedProfile]> {
  return Object.entries(cache).filter(
    ([name, e]) =>
      e.writtenAt > since &&
      (want.profile !== undefined
        ? name === want.profile
        : e.sourceId === want.sourceId || e.sourceId === null),
  );
}

export const login: Command = {
  summary: "Sign in through the browser and wait for the profiles",
  description: `Opens a sign-in source (the AWS tile's launch URL the extension remembered) in your default
browser, where the extension captures the sign-in and writes the profiles as on any sign-in, and
waits until they are written; then lists them. With one source nothing needs naming; --profile
picks the source that wrote that profile. Exits 4 when nothing was written in time.`,
  flags: FLAGS,
  examples: [
    "bastionless login",
    "bastionless login --source Contoso",
    "bastionless login -p contoso-prod-Admin",
    "bastionless login --json --timeout 120",
  ],
  async run(args, io) {
    const { values } = parseFlags("login", args, FLAGS);
    const waitS = timeoutSeconds(values.timeout, DEFAULT_LOGIN_WAIT_S);
    const { sources } = await readSources(io.env);
    const source = pickSource(sources, readCache(io.env), { source: values.source, profile: values.profile });
    const since = new Date().toISOString();
    await openUrl(source.launchUrl, io.env);
    io.stderr.write(
      `Opened ${displayText(source.name)} in your browser; waiting up to ${waitS} s for the sign-in…\n`,
    );
    const deadline = Date.now() + waitS * 1000;
    for (;;) {
      const got = newlyWritten(readCache(io.env), since, { profile: values.profile, sourceId: source.id });
      if (got.length) {
        if (values.json) {
          const profiles = got.map(([profile, e]) => ({
            profile,
            roleArn: e.roleArn,
            expiration: e.expiration,
          }));
          io.stdout.write(jsonText({ source: source.name, profiles }, 2));
          return 0;
        }
        const now = new Date();
        for (const [name, e] of got)
          io.stdout.write(
            `Profile ${displayText(name)}: ${e.roleArn}, expires ${expiryText(e.expiration, now)}.\n`,
          );
        return 0;
      }
      if (Date.now() >= deadline)
        throw new AwsError(
          "LOGIN_TIMEOUT",
          `No profile was written within ${waitS} s of opening ${displayText(source.name)}.`,
          {
            hint: "Finish the sign-in in the browser (is the extension installed and the host allowed?), then run this again; --timeout waits longer.",
          },
        );
      await sleep(POLL_MS);
    }
  },
};
