/**
 * The profiles bastionless wrote, with expiry (`bastionless profiles`, profiles.list): the ones
 * its record claims and whose sections still hold what it wrote (profile-ownership.ts), so
 * saml2aws's profiles and keys a user pasted over ours are not listed as ours.
 */

import type { ProfileInfo } from "../../../../contract/domain";
import { credentialsFilePath } from "../../config/paths";
import { readAccountNames } from "./account-names";
import { readCache } from "./credential-cache";
import { configSectionFor, readConfig, readCredentials, regionOf } from "./profile-files";
import { ownershipOf } from "./profile-ownership";
import { findOwned, readRecord } from "./profile-record";
import { resolveTarget } from "./shared-file";

/** arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION → arn:aws:iam::ACCOUNT:role/ROLE (the path is not in it). */
export function roleArnFromAssumed(assumed: string): string | null {
  const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[^/]+$/.exec(assumed);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : null;
}

export async function listWrittenProfiles(
  env: NodeJS.ProcessEnv,
  now: Date = new Date(),
): Promise<ProfileInfo[]> {
  const [creds, config, record, target, names] = await Promise.all([
    readCredentials(env),
    readConfig(env),
    readRecord(env),
    resolveTarget(credentialsFilePath(env)),
    readAccountNames(env),
  ]);
  const out: ProfileInfo[] = [];
  for (const name of creds.sectionNames()) {
    const keys = creds.get(name)!;
    const entry = findOwned(record, target, name);
    if (
      !entry ||
      entry.mode === "credential-process" ||
      ownershipOf(keys, config.get(configSectionFor(config, name)), entry, entry).kind !== "owned"
    )
      continue;
    const principal = keys.get("x_principal_arn")!;
    const expires = Date.parse(keys.get("x_security_token_expires") ?? "");
    out.push({
      profile: name,
      roleArn: entry.roleArn,
      principalArn: principal,
      region: regionOf(config, name),
      expiration: Number.isFinite(expires) ? new Date(expires).toISOString() : null,
      // A profile without a readable expiry cannot be trusted to work: show it as expired.
      expired: !Number.isFinite(expires) || expires <= now.getTime(),
      accountAlias: names.get(entry.accountId) ?? null,
    });
  }
  // credential_process profiles (issue 12) have no keys in the credentials file: their keys and
  // expiry are in the credential cache.
  const process = record.filter((e) => e.credentialsFile === target && e.mode === "credential-process");
  const cache = process.length ? readCache(env) : {};
  for (const entry of process) {
    const own = ownershipOf(
      creds.get(entry.profile),
      config.get(configSectionFor(config, entry.profile)),
      entry,
      entry,
    );
    if (own.kind !== "owned") continue;
    const expires = Date.parse(cache[entry.profile]?.expiration ?? "");
    out.push({
      profile: entry.profile,
      roleArn: entry.roleArn,
      principalArn: entry.assumedRoleArn,
      region: regionOf(config, entry.profile),
      expiration: Number.isFinite(expires) ? new Date(expires).toISOString() : null,
      expired: !Number.isFinite(expires) || expires <= now.getTime(),
      accountAlias: names.get(entry.accountId) ?? null,
    });
  }
  return out;
}
