/**
 * bastionless's record of the profiles it wrote (issue 17 "Own what you write", issue 11
 * "Profile ownership"): per credentials file and profile, the role it was written for and the
 * last access key ids it put there. `<config dir>/profiles.json`, 0600, rewritten atomically
 * under its own lock. The record alone proves nothing: profile-ownership.ts also asks whether the
 * section still holds what we wrote.
 */

import { arr, obj, oneOf, str, ValidationIssue } from "../../../../contract/validate";
import { profileRecordPath } from "../../config/paths";
import { FileError } from "../../errors";
import type { FileLabel } from "./file-errors";
import { readTextFile, updateTextFile } from "./shared-file";

export const RECORD_LABEL: FileLabel = {
  what: "bastionless profile record",
  envVar: "BASTIONLESS_CONFIG_DIR",
};
const VERSION = 1;
/**
 * The newest key id and the one before: the record is written before the credentials file, so a
 * crash between the two leaves the section holding the previous id, which still counts as ours.
 */
const KEY_IDS_KEPT = 2;

export interface OwnedProfile {
  /** The credentials file (symlinks resolved) the profile lives in. */
  credentialsFile: string;
  profile: string;
  accountId: string;
  roleArn: string;
  /** The SAML provider the role was assumed through. */
  principalArn: string;
  /** x_principal_arn as written (arn:…:sts::ACCOUNT:assumed-role/ROLE/SESSION). */
  assumedRoleArn: string;
  accessKeyIds: string[];
  writtenAt: string;
  /**
   * (issue 12) Set when the profile gets its keys from `bastionless credential-process` (a
   * credential_process line in the config file) instead of the credentials file.
   */
  mode?: "credential-process";
}

const ARN = /^arn:aws[a-z-]*:[a-z]+::\d{12}:[\w+=,.@/:-]+$/;

function entryOf(v: unknown, p: string): OwnedProfile {
  const o = obj(v, p);
  const s = (k: string, pattern?: RegExp) => str(o[k], `${p}.${k}`, { min: 1, max: 2048, pattern });
  return {
    credentialsFile: s("credentialsFile"),
    profile: s("profile"),
    accountId: s("accountId", /^\d{12}$/),
    roleArn: s("roleArn", ARN),
    principalArn: s("principalArn", ARN),
    assumedRoleArn: s("assumedRoleArn", ARN),
    accessKeyIds: arr(o.accessKeyIds, `${p}.accessKeyIds`, (x, q) => str(x, q, { min: 1, max: 128 }), 10),
    writtenAt: s("writtenAt"),
    ...(o.mode === undefined ? {} : { mode: oneOf(o.mode, `${p}.mode`, ["credential-process"] as const) }),
  };
}

/** The record's text → entries; a damaged record is an error, never silently emptied. */
export function parseRecord(text: string | null, file: string): OwnedProfile[] {
  if (text === null || text.trim() === "") return [];
  try {
    const o = obj(JSON.parse(text), "record");
    if (o.version !== VERSION) throw new ValidationIssue("record.version", String(VERSION));
    return arr(o.profiles, "record.profiles", entryOf, 100_000);
  } catch (err) {
    throw new FileError(
      "PROFILE_RECORD_INVALID",
      `bastionless's record of the profiles it wrote, ${file}, cannot be read (${err instanceof ValidationIssue ? err.message : "not JSON"}), so no profile was written.`,
      {
        hint: "Move the file away: bastionless then treats every existing profile as not its own (use --force to replace one).",
        cause: err,
      },
    );
  }
}

export function findOwned(
  record: readonly OwnedProfile[],
  credentialsFile: string,
  profile: string,
): OwnedProfile | undefined {
  return record.find((e) => e.credentialsFile === credentialsFile && e.profile === profile);
}

export async function readRecord(env: NodeJS.ProcessEnv): Promise<OwnedProfile[]> {
  const file = profileRecordPath(env);
  return parseRecord(await readTextFile(file, RECORD_LABEL), file);
}

export type NewOwnership = Omit<OwnedProfile, "accessKeyIds"> & { accessKeyId: string };

/**
 * Adds what is about to be written, keeping the previous key id of a profile still ours, and
 * drops entries of that file whose profile is gone (`present`).
 */
export function recordWith(
  record: readonly OwnedProfile[],
  written: readonly NewOwnership[],
  present: (e: OwnedProfile) => boolean,
): OwnedProfile[] {
  const kept = record.filter(
    (e) =>
      present(e) && !written.some((w) => w.credentialsFile === e.credentialsFile && w.profile === e.profile),
  );
  const added = written.map(({ accessKeyId, mode, ...w }) => {
    const before = findOwned(record, w.credentialsFile, w.profile);
    const still = before && before.roleArn === w.roleArn ? before.accessKeyIds : [];
    return {
      ...w,
      accessKeyIds: [accessKeyId, ...still.filter((k) => k !== accessKeyId)].slice(0, KEY_IDS_KEPT),
      ...(mode ? { mode } : {}),
    };
  });
  return [...kept, ...added];
}

/** Rewrites the record under its lock; `change` gets the current entries. */
export async function updateRecord(
  env: NodeJS.ProcessEnv,
  change: (record: OwnedProfile[]) => OwnedProfile[],
): Promise<void> {
  const file = profileRecordPath(env);
  await updateTextFile(file, RECORD_LABEL, (text) => {
    const next = change(parseRecord(text, file));
    return `${JSON.stringify({ version: VERSION, profiles: next }, null, 2)}\n`;
  });
}
