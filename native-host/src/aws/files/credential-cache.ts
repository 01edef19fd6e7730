/**
 * The credential cache (issue 12): the newest keys of every profile bastionless wrote, with their
 * expiry, role and sign-in source, so `bastionless credential-process` answers without touching
 * the shared AWS files. `<config dir>/credential-cache.json`, 0600 in the 0700 config folder,
 * replaced atomically under its own lock (shared-file.ts) after every successful assume; read
 * without the lock (a reader sees the old file or the new one). One home for its path
 * (config/paths.ts) and format (here). Keyed by profile name.
 */
import fs from "node:fs";
import { credentialCachePath } from "../../config/paths";
import { FileError } from "../../errors";
import type { FileLabel } from "./file-errors";
import { updateTextFile } from "./shared-file";

export const CACHE_LABEL: FileLabel = {
  what: "bastionless credential cache",
  envVar: "BASTIONLESS_CONFIG_DIR",
};
/** Bumped when an entry changes meaning; a reader refuses a version it does not know. */
export const CACHE_VERSION = 1;
/** Far above a cache of every role of every account a user has. */
const MAX_CACHE_BYTES = 4 * 1024 * 1024;

export interface CachedProfile {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601 UTC, as STS returned it. */
  expiration: string;
  accountId: string;
  roleArn: string;
  principalArn: string;
  region: string;
  /** The sign-in source the assertion came from (credentials.assume sourceId); null when unknown. */
  sourceId: string | null;
  writtenAt: string;
}

export type CredentialCache = Record<string, CachedProfile>;

const TEXT = (v: unknown, max = 4096): v is string =>
  typeof v === "string" && v.length > 0 && v.length <= max;

function entryProblem(v: unknown): string | null {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "not an object";
  const o = v as Record<string, unknown>;
  for (const k of [
    "accessKeyId",
    "secretAccessKey",
    "sessionToken",
    "accountId",
    "roleArn",
    "principalArn",
    "region",
  ])
    if (!TEXT(o[k], k === "sessionToken" ? 10_000 : 2048)) return `${k} missing`;
  for (const k of ["expiration", "writtenAt"])
    if (!TEXT(o[k], 64) || Number.isNaN(Date.parse(o[k] as string))) return `${k} not a time`;
  if (o.sourceId !== null && !TEXT(o.sourceId, 64)) return "sourceId not a string or null";
  return null;
}

function invalid(file: string, why: string, cause?: unknown): FileError {
  return new FileError("CACHE_INVALID", `The credential cache ${file} cannot be used (${why}).`, {
    hint: "Delete it and sign in again (My Apps, or `bastionless login`): every sign-in writes it anew.",
    cause,
  });
}

/** The cache's text → entries; absent or empty = none; anything else wrong = CACHE_INVALID. */
export function parseCache(text: string | null, file: string): CredentialCache {
  if (text === null || text.trim() === "") return {};
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (err) {
    throw invalid(file, "not JSON", err);
  }
  const top = o as { version?: unknown; profiles?: unknown };
  if (typeof o !== "object" || o === null) throw invalid(file, "not an object");
  if (top.version !== CACHE_VERSION)
    throw invalid(file, `version ${String(top.version)}, this bastionless reads ${CACHE_VERSION}`);
  if (typeof top.profiles !== "object" || top.profiles === null || Array.isArray(top.profiles))
    throw invalid(file, "no profiles object");
  const out: CredentialCache = Object.create(null);
  for (const [name, entry] of Object.entries(top.profiles)) {
    const why = entryProblem(entry);
    if (why) throw invalid(file, `profile ${JSON.stringify(name.slice(0, 128))}: ${why}`);
    out[name] = entry as CachedProfile;
  }
  return out;
}

export function cacheText(cache: CredentialCache): string {
  return `${JSON.stringify({ version: CACHE_VERSION, profiles: cache }, null, 2)}\n`;
}

/**
 * The cache as it is now; synchronous and light, because `credential-process` runs before every
 * AWS command. A file of another user is refused (they could hand us their keys).
 */
export function readCache(env: NodeJS.ProcessEnv): CredentialCache {
  const file = credentialCachePath(env);
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw invalid(file, `cannot be opened: ${(err as NodeJS.ErrnoException).code ?? "error"}`, err);
  }
  try {
    const st = fs.fstatSync(fd);
    const me = process.getuid?.();
    if (me !== undefined && st.uid !== me) throw invalid(file, `owned by another user (uid ${st.uid})`);
    if (st.size > MAX_CACHE_BYTES) throw invalid(file, `over ${MAX_CACHE_BYTES} bytes`);
    return parseCache(fs.readFileSync(fd, "utf8"), file);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `entries` over their profiles, keeping the others; a damaged cache is replaced whole. */
export async function updateCache(env: NodeJS.ProcessEnv, entries: CredentialCache): Promise<void> {
  const file = credentialCachePath(env);
  await updateTextFile(file, CACHE_LABEL, (text) => {
    let current: CredentialCache;
    try {
      current = parseCache(text, file);
    } catch {
      // The cache is a copy of what STS gave: a damaged one holds nothing worth keeping.
      current = {};
    }
    return cacheText({ ...current, ...entries });
  });
}
