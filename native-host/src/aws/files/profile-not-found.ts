/**
 * When the SDK finds no region or no credentials for a profile, the usual reason is that the
 * profile does not exist at all (a mistyped --profile, or the `saml` of older versions where
 * profiles are now `{account}-{role}`): say that, rather than "no region" (issue 11).
 */
import { configFilePath, credentialsFilePath } from "../../config/paths";
import { AwsError, type BastionlessError } from "../../errors";
import type { AwsSettings } from "../sdk/aws-settings";
import { configSectionFor, readConfig, readCredentials } from "./profile-files";

const SDK_SAW_NO_PROFILE = new Set(["REGION_MISSING", "CREDENTIALS_MISSING"]);

/**
 * `scope.settings`: the files of the caller the tunnel service works for (aws-settings.ts); without
 * them, this process's environment, as the SDK reads it.
 */
export async function explainMissingProfile(
  err: BastionlessError,
  scope: { profile: string; settings?: AwsSettings },
): Promise<BastionlessError> {
  if (!SDK_SAW_NO_PROFILE.has(err.code)) return err;
  const { profile, settings } = scope;
  const env = settings
    ? { AWS_SHARED_CREDENTIALS_FILE: settings.credentialsFile, AWS_CONFIG_FILE: settings.configFile }
    : process.env;
  let exists: boolean;
  try {
    const [credentials, config] = await Promise.all([readCredentials(env), readConfig(env)]);
    exists = credentials.get(profile) !== null || config.get(configSectionFor(config, profile)) !== null;
  } catch {
    return err; // An unreadable file: the SDK's own error says more than a guess would.
  }
  if (exists) return err;
  return new AwsError(
    "PROFILE_NOT_FOUND",
    `Profile "${profile}" does not exist in ${credentialsFilePath(env)} or ${configFilePath(env)}.`,
    {
      hint: `Sign in through the AWS tile in My Apps (the extension writes the profile), or run \`bastionless assume --saml-file FILE --profile ${profile}\`. \`bastionless profiles\` lists the profiles there are.`,
      cause: err,
    },
  );
}
