/**
 * Whether bastionless may write a profile (issue 17 "Own what you write", issue 11 "Profile
 * ownership"). Ours only when the record says we wrote it AND the credentials section still
 * holds what we wrote (the key id and x_principal_arn), so a user who pasted other keys into it
 * has taken it back. A profile of another role is ours but bound: rebinding it takes `force`,
 * like writing over anything that is not ours (static keys, SSO, credential_process, saml2aws).
 * Pure; the refusal texts live here too.
 */

import type { RoleChoice } from "../../../../contract/domain";
import { FileError } from "../../errors";
import { isOurCredentialProcess } from "./credential-process-line";
import type { OwnedProfile } from "./profile-record";

export type Ownership =
  /** No credentials in either file under that name. */
  | { kind: "free" }
  | { kind: "owned"; entry: OwnedProfile }
  | { kind: "other-role"; entry: OwnedProfile }
  | { kind: "foreign"; looksLike: string };

/**
 * Config-file keys that make a profile get its credentials elsewhere (AWS CLI "Configuration and
 * credential file settings"); the SDKs prefer some of them to keys in the credentials file.
 */
export const CONFIG_CREDENTIAL_KEYS = [
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "credential_process",
  "credential_source",
  "role_arn",
  "source_profile",
  "web_identity_token_file",
  "sso_session",
  "sso_start_url",
  "sso_account_id",
  "sso_role_name",
  "sso_region",
  "login_session",
] as const;

function looksLike(
  creds: ReadonlyMap<string, string> | null,
  config: ReadonlyMap<string, string> | null,
): string {
  const c = (k: string) => config?.has(k) ?? false;
  if (c("sso_session") || c("sso_start_url"))
    return "an IAM Identity Center (SSO) profile in the AWS config file";
  if (c("credential_process")) return "a credential_process profile in the AWS config file";
  if (c("role_arn") || c("web_identity_token_file")) return "a role profile in the AWS config file";
  if (creds?.has("x_principal_arn"))
    return "session keys another tool wrote (saml2aws, or bastionless before it kept a record)";
  if (creds?.has("aws_session_token")) return "session keys another tool wrote";
  if (creds?.has("aws_access_key_id")) return "static access keys";
  return "settings bastionless did not write";
}

function oursAsKeys(
  creds: ReadonlyMap<string, string> | null,
  configCreds: boolean,
  entry: OwnedProfile,
): boolean {
  return (
    !configCreds &&
    entry.accessKeyIds.includes(creds?.get("aws_access_key_id") ?? "") &&
    creds?.get("x_principal_arn") === entry.assumedRoleArn
  );
}

/**
 * A credential_process profile (issue 12) is ours while the config section's only credential
 * setting is our own credential-process line for it and the credentials file holds no keys for it
 * (keys there would win over the line in every SDK).
 */
function oursAsProcess(
  creds: ReadonlyMap<string, string> | null,
  config: ReadonlyMap<string, string> | null,
  entry: OwnedProfile,
): boolean {
  const line = config?.get("credential_process");
  const others = CONFIG_CREDENTIAL_KEYS.some((k) => k !== "credential_process" && config?.has(k));
  return (
    line !== undefined &&
    isOurCredentialProcess(line, entry.profile) &&
    !others &&
    !creds?.has("aws_access_key_id")
  );
}

export function ownershipOf(
  creds: ReadonlyMap<string, string> | null,
  config: ReadonlyMap<string, string> | null,
  entry: OwnedProfile | undefined,
  role: Pick<RoleChoice, "roleArn" | "principalArn">,
): Ownership {
  const configCreds = CONFIG_CREDENTIAL_KEYS.some((k) => config?.has(k));
  if ((creds === null || creds.size === 0) && !configCreds) return { kind: "free" };
  const ours =
    entry !== undefined &&
    (entry.mode === "credential-process"
      ? oursAsProcess(creds, config, entry)
      : oursAsKeys(creds, configCreds, entry));
  if (!entry || !ours) return { kind: "foreign", looksLike: looksLike(creds, config) };
  if (entry.roleArn === role.roleArn && entry.principalArn === role.principalArn)
    return { kind: "owned", entry };
  return { kind: "other-role", entry };
}

const FORCE_HINT =
  "Run again with --force to replace it (the old section is saved first; the extension asks before it does), or write this role to another profile name (--profile, or the options page).";

/** The coded refusal: names the profile, who owns it, and what overrides it. */
export function refusal(
  profile: string,
  file: string,
  o: Exclude<Ownership, { kind: "free" | "owned" }>,
  role: Pick<RoleChoice, "roleArn">,
): FileError {
  if (o.kind === "other-role")
    return new FileError(
      "PROFILE_OWNED_BY_OTHER_ROLE",
      `Profile ${profile} in ${file} holds ${o.entry.roleArn} (account ${o.entry.accountId}); bastionless will not rebind it to ${role.roleArn} on its own, so it was left unchanged.`,
      { hint: FORCE_HINT },
    );
  return new FileError(
    "PROFILE_NOT_OWNED",
    `Profile ${profile} in ${file} holds ${o.looksLike}, not a profile bastionless wrote, so it was left unchanged (${role.roleArn} was not written there).`,
    { hint: FORCE_HINT },
  );
}
