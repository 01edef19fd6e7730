/**
 * The profile's temporary keys, as the SDK resolves them (credentials file, credential_process,
 * SSO…), with its region. Only a session (key id, secret and session token) can be federated:
 * long-term IAM user keys cannot (AWS doc "Enable custom identity broker access to the AWS
 * console", step 2: the broker first gets temporary credentials), so they are refused here.
 */
import type { TemporaryKeys } from "../../../../contract/console-signin";
import { AwsError } from "../../errors";
import { readCredentials } from "../files/profile-files";
import { type AwsScope, call, openSsm } from "../ssm/ssm-client";
import { signIn } from "../ssm/ssm-errors";

export interface ProfileSession {
  region: string;
  keys: TemporaryKeys;
}

/** x_security_token_expires (profile-files.ts), for keys the SDK reads without an expiry. */
async function fileExpiry(env: NodeJS.ProcessEnv, profile: string): Promise<Date | null> {
  const raw = (await readCredentials(env)).get(profile)?.get("x_security_token_expires");
  const t = raw ? Date.parse(raw) : Number.NaN;
  return Number.isNaN(t) ? null : new Date(t);
}

export async function profileSession(
  scope: AwsScope,
  env: NodeJS.ProcessEnv,
  now: Date,
): Promise<ProfileSession> {
  const { client, region } = await openSsm(scope);
  try {
    const creds = await call({ ...scope, region, action: "console sign-in" }, () =>
      client.config.credentials(),
    );
    if (!creds.sessionToken)
      throw new AwsError(
        "CONSOLE_NEEDS_SESSION",
        `Profile "${scope.profile}" holds long-term IAM user keys, which cannot sign in to the console by federation.`,
        {
          hint: "Use a profile bastionless wrote (temporary role credentials), or sign in to the console with that IAM user's password.",
        },
      );
    const expires = creds.expiration ?? (await fileExpiry(env, scope.profile));
    if (expires && expires.getTime() <= now.getTime())
      throw new AwsError(
        "CREDENTIALS_EXPIRED",
        `The credentials of profile "${scope.profile}" have expired.`,
        {
          hint: signIn(scope.profile),
        },
      );
    return {
      region,
      keys: {
        accessKeyId: creds.accessKeyId,
        secretAccessKey: creds.secretAccessKey,
        sessionToken: creds.sessionToken,
      },
    };
  } finally {
    client.destroy();
  }
}
