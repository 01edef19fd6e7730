/**
 * Whose keys a profile holds right now: the account and role named by the x_principal_arn
 * bastionless writes beside them (aws/files/profile-files.ts). Read again before every
 * ResumeSession, so a tunnel never resumes with another account's keys after a sign-in rewrote
 * its profile (issue 11, "a running tunnel is bound to the account and role it started with").
 * No STS call: the credentials file says which role.
 */
import { readAccountNames } from "../files/account-names";
import { readCredentials } from "../files/profile-files";
import { roleArnFromAssumed } from "../files/written-profiles";
import { settingsEnv } from "../sdk/aws-settings";
import type { AwsScope } from "./ssm-client";

export interface ProfileIdentity {
  accountId: string;
  roleArn: string;
  /** The account's name bastionless learned at sign-in (aws/files/account-names.ts), if any. */
  accountAlias?: string | null;
}

/** The profile's account and role, or null when its section does not say (keys of another tool). */
export async function profileIdentity(scope: AwsScope): Promise<ProfileIdentity | null> {
  const env = scope.settings ? settingsEnv(scope.settings) : process.env;
  const principal = (await readCredentials(env)).get(scope.profile)?.get("x_principal_arn");
  const roleArn = principal ? roleArnFromAssumed(principal) : null;
  if (!roleArn) return null;
  const accountId = roleArn.split(":")[4]!;
  // The names file is bastionless's own, in the config folder of this process (not the caller's AWS settings).
  const names = await readAccountNames(process.env).catch(() => new Map<string, string>());
  return { accountId, roleArn, accountAlias: names.get(accountId) ?? null };
}
