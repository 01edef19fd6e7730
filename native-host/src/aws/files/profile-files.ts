/**
 * The AWS CLI profiles bastionless writes (design §5). Credentials file, per profile: the key
 * pair and session token, `aws_security_token` (the same token, for older tools), and saml2aws's
 * `x_security_token_expires` (RFC 3339) and `x_principal_arn` (the assumed-role ARN). Config
 * file: `[profile NAME]` (`[default]` for default) with `region`. Which profiles are bastionless's
 * own is in its record (profile-record.ts, profile-ownership.ts), not guessed from these keys:
 * saml2aws writes the same ones.
 */
import { configFilePath, credentialsFilePath } from "../../config/paths";
import type { FileLabel } from "./file-errors";
import { IniDocument } from "./ini-document";
import { readTextFile, type UpdateResult, updateTextFile } from "./shared-file";

export const CREDENTIALS_LABEL: FileLabel = {
  what: "AWS credentials file",
  envVar: "AWS_SHARED_CREDENTIALS_FILE",
};
export const CONFIG_LABEL: FileLabel = { what: "AWS config file", envVar: "AWS_CONFIG_FILE" };

export interface ProfileCredentials {
  profile: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** AssumedRoleUser.Arn, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION. */
  assumedRoleArn: string;
}

/** RFC 3339 in UTC, without milliseconds, as saml2aws writes it. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function credentialEntries(c: ProfileCredentials): Array<[string, string]> {
  return [
    ["aws_access_key_id", c.accessKeyId],
    ["aws_secret_access_key", c.secretAccessKey],
    ["aws_session_token", c.sessionToken],
    ["aws_security_token", c.sessionToken],
    ["x_security_token_expires", rfc3339(c.expiration)],
    ["x_principal_arn", c.assumedRoleArn],
  ];
}

/** The config file's section for a profile: `[default]`, else `[profile NAME]` (AWS CLI docs). */
export function configSectionFor(doc: IniDocument, profile: string): string {
  if (profile !== "default") return `profile ${profile}`;
  return doc.get("default") === null && doc.get("profile default") !== null ? "profile default" : "default";
}

/**
 * Sets each profile's region (and `extra` settings); `dropKeys` first removes keys that would
 * shadow the new credentials (--force, or a credential_process line of ours the keys replace).
 */
export async function writeConfigRegions(
  env: NodeJS.ProcessEnv,
  items: ReadonlyArray<{
    profile: string;
    region: string;
    dropKeys?: readonly string[];
    /** (issue 12) More settings for the section, e.g. credential_process. */
    extra?: ReadonlyArray<readonly [string, string]>;
  }>,
): Promise<UpdateResult> {
  return updateTextFile(configFilePath(env), CONFIG_LABEL, (text) => {
    const doc = IniDocument.parse(text);
    for (const { profile, region, dropKeys, extra } of items) {
      const section = configSectionFor(doc, profile);
      if (dropKeys?.length) doc.removeKeys(section, dropKeys);
      doc.set(section, [...(extra ?? []), ["region", region]]);
    }
    return doc.toString();
  });
}

/** The config file as a document (empty when missing), for reading regions. */
export async function readConfig(env: NodeJS.ProcessEnv): Promise<IniDocument> {
  return IniDocument.parse((await readTextFile(configFilePath(env), CONFIG_LABEL)) ?? "");
}

export async function readCredentials(env: NodeJS.ProcessEnv): Promise<IniDocument> {
  return IniDocument.parse((await readTextFile(credentialsFilePath(env), CREDENTIALS_LABEL)) ?? "");
}

export function regionOf(config: IniDocument, profile: string): string | null {
  return config.get(configSectionFor(config, profile))?.get("region") || null;
}
