/**
 * Writes profiles only where bastionless may (profile-ownership.ts): under the credentials file's
 * lock it reads the section and the record, refuses what is not ours (or ours for another role)
 * unless `force`, saves a forced section to a backup first, records the new key ids, then writes
 * the credentials; the regions follow in the config file. `checkWritable` asks the same
 * questions before STS is called, so a refusal does not spend the sign-in.
 */

import type { RoleChoice } from "../../../../contract/domain";
import type { CredentialMode } from "../../../../contract/requests";
import { configFilePath, credentialsFilePath } from "../../config/paths";
import type { FileError } from "../../errors";
import { selfCommand } from "../../platform/self-command";
import { credentialProcessLine } from "./credential-process-line";
import { IniDocument } from "./ini-document";
import { backUp } from "./profile-backup";
import {
  CONFIG_LABEL,
  CREDENTIALS_LABEL,
  configSectionFor,
  credentialEntries,
  type ProfileCredentials,
  readConfig,
  readCredentials,
  writeConfigRegions,
} from "./profile-files";
import { CONFIG_CREDENTIAL_KEYS, type Ownership, ownershipOf, refusal } from "./profile-ownership";
import { findOwned, type OwnedProfile, readRecord, recordWith, updateRecord } from "./profile-record";
import { checkOwnFile, resolveTarget, updateTextFile } from "./shared-file";

export interface ProfileWrite {
  role: RoleChoice;
  profile: string;
  creds: Omit<ProfileCredentials, "profile">;
  region: string;
  /** (issue 12) "credential-process": a credential_process line in the config file, no keys in the credentials file. */
  mode?: CredentialMode;
}

/** The credential_process value for a profile: this program, run as `credential-process`. */
export const processLineFor = (profile: string) => credentialProcessLine(selfCommand(), profile);

/** The credentials-file keys a credential_process profile must not hold (they would win over it). */
const KEY_NAMES = credentialEntries({
  profile: "",
  accessKeyId: "",
  secretAccessKey: "",
  sessionToken: "",
  expiration: new Date(0),
  assumedRoleArn: "",
}).map(([k]) => k);

export interface WriteOutcome<T extends ProfileWrite = ProfileWrite> {
  /** `wasProcess`: our credential_process profile before (its line goes when keys replace it). */
  written: Array<T & { backup?: string; wasProcess?: boolean }>;
  refused: Array<{ role: RoleChoice; error: FileError }>;
}

type Verdict = { ok: true; replaced: Ownership | null } | { ok: false; error: FileError };

function verdict(o: Ownership, force: boolean, profile: string, file: string, role: RoleChoice): Verdict {
  if (o.kind === "free" || o.kind === "owned") return { ok: true, replaced: null };
  return force ? { ok: true, replaced: o } : { ok: false, error: refusal(profile, file, o, role) };
}

/** Before STS: the files are the user's own, and the names we already know may be written. */
export async function checkWritable(
  env: NodeJS.ProcessEnv,
  planned: ReadonlyArray<{ role: RoleChoice; profile: string }>,
  force: boolean,
  mode?: CredentialMode,
): Promise<Map<string, FileError>> {
  // A path no credential_process reader can run is refused before STS is called.
  if (mode === "credential-process") for (const p of planned) processLineFor(p.profile);
  const file = credentialsFilePath(env);
  await checkOwnFile(file, CREDENTIALS_LABEL);
  await checkOwnFile(configFilePath(env), CONFIG_LABEL);
  const [creds, config, record, target] = await Promise.all([
    readCredentials(env),
    readConfig(env),
    readRecord(env),
    resolveTarget(file),
  ]);
  const out = new Map<string, FileError>();
  for (const { role, profile } of planned) {
    const o = ownershipOf(
      creds.get(profile),
      config.get(configSectionFor(config, profile)),
      findOwned(record, target, profile),
      role,
    );
    const v = verdict(o, force, profile, file, role);
    if (!v.ok) out.set(role.roleArn, v.error);
  }
  return out;
}

export async function writeOwnedProfiles<T extends ProfileWrite>(
  env: NodeJS.ProcessEnv,
  items: readonly T[],
  force: boolean,
  now: Date = new Date(),
): Promise<WriteOutcome<T>> {
  const file = credentialsFilePath(env);
  const target = await resolveTarget(file);
  const config = await readConfig(env);
  let outcome: WriteOutcome<T> = { written: [], refused: [] };
  await updateTextFile(file, CREDENTIALS_LABEL, async (text) => {
    const doc = IniDocument.parse(text);
    const record = await readRecord(env);
    outcome = { written: [], refused: [] };
    for (const it of items) {
      const o = ownershipOf(
        doc.get(it.profile),
        config.get(configSectionFor(config, it.profile)),
        findOwned(record, target, it.profile),
        it.role,
      );
      const v = verdict(o, force, it.profile, file, it.role);
      const wasProcess = o.kind === "owned" && o.entry.mode === "credential-process";
      if (!v.ok) outcome.refused.push({ role: it.role, error: v.error });
      else if (v.replaced)
        outcome.written.push({ ...it, backup: await backUp(env, it.profile, doc, config, now) });
      else outcome.written.push(wasProcess ? { ...it, wasProcess } : it);
    }
    if (!outcome.written.length) throw outcome.refused[0]!.error;
    // The record first: a crash before the credentials land leaves the previous key id, still ours.
    await updateRecord(env, (rec) =>
      recordWith(
        rec,
        outcome.written.map((w) => ({
          credentialsFile: target,
          profile: w.profile,
          accountId: w.role.accountId,
          roleArn: w.role.roleArn,
          principalArn: w.role.principalArn,
          assumedRoleArn: w.creds.assumedRoleArn,
          accessKeyId: w.creds.accessKeyId,
          writtenAt: now.toISOString(),
          ...(w.mode === "credential-process" ? { mode: w.mode } : {}),
        })),
        (e: OwnedProfile) =>
          e.credentialsFile !== target || e.mode === "credential-process" || doc.get(e.profile) !== null,
      ),
    );
    for (const w of outcome.written) {
      if (w.mode === "credential-process") doc.removeKeys(w.profile, KEY_NAMES);
      else doc.set(w.profile, credentialEntries({ profile: w.profile, ...w.creds }));
    }
    return doc.toString();
  });
  await writeConfigRegions(
    env,
    outcome.written.map((w) => ({
      profile: w.profile,
      region: w.region,
      ...(w.backup
        ? { dropKeys: CONFIG_CREDENTIAL_KEYS }
        : w.wasProcess && w.mode !== "credential-process"
          ? { dropKeys: ["credential_process"] }
          : {}),
      ...(w.mode === "credential-process"
        ? { extra: [["credential_process", processLineFor(w.profile)] as const] }
        : {}),
    })),
  );
  return outcome;
}
