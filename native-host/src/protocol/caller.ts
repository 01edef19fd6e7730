/**
 * Who is calling (design §3). Chromium-family browsers pass the extension origin
 * `chrome-extension://ID/` as the first argument; Firefox passes the host manifest path and then
 * the add-on id. The host serves only callers listed in its install record.
 */
import fs from "node:fs";
import { chromiumIdOfOrigin, extensionIdFamily } from "../../../contract/extension-ids";
import { installRecordPath } from "../config/paths";
import { osOf } from "../install/browsers";
import { systemRecordPath } from "../install/install-paths";
import { readRecord } from "../install/record-store";

export type Caller = { browser: "chromium"; origin: string } | { browser: "firefox"; origin: string };

/** Reads argv (after the executable and script): returns the caller, or null when this is not a browser launch. */
export function callerFromArgv(args: readonly string[]): Caller | null {
  const [first, second] = args;
  // The id rules are the ones `install --extension-id` accepts (contract/extension-ids.ts), so
  // an id install allows is always recognised here, and nothing else is.
  if (first && chromiumIdOfOrigin(first)) return { browser: "chromium", origin: first };
  if (
    first?.toLowerCase().endsWith(".json") &&
    second &&
    extensionIdFamily(second) === "firefox" &&
    args.length === 2
  ) {
    return { browser: "firefox", origin: second };
  }
  return null;
}

/** The part of an install record the caller check reads (install/install-record.ts has the whole). */
interface RecordCallers {
  allowed: Set<string>;
  /** The host files that record's install wrote (the executable, or bundle, chunks and launcher). */
  hostFiles: string[];
}

/** Read through the record store, the one reader of that file: a missing or damaged record allows nobody. */
export function readCallers(file: string): RecordCallers {
  const r = readRecord(file);
  if (r.state !== "ok") return { allowed: new Set(), hostFiles: [] };
  return {
    allowed: new Set([...r.record.allowedOrigins, ...r.record.allowedExtensions]),
    hostFiles: r.record.host?.files ?? [],
  };
}

const real = (p: string): string => {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
};

/**
 * Whom this host serves (issue 17, finding 7). Only records on disk decide: no environment
 * variable can add a caller. The user's own record always counts. The machine-wide record that
 * `bastionless install --system` writes counts only for the host that install put in place
 * (`self`, the files this process runs from, is among the record's host files), so a per-user
 * host never serves what an administrator allowed for the machine-wide one, and the reverse.
 */
export function allowedCallers(env: NodeJS.ProcessEnv, self: readonly string[]): Set<string> {
  const allowed = readCallers(installRecordPath(env)).allowed;
  const system = readCallers(systemRecordPath(env, osOf(process.platform)));
  if (!system.allowed.size) return allowed; // the common case: no realpath calls on the way to `hello`
  const mine = new Set(self.map(real));
  if (system.hostFiles.some((f) => mine.has(real(f)))) for (const o of system.allowed) allowed.add(o);
  return allowed;
}

/** Every caller some install record allows, whichever host reads it (what `doctor` compares manifests with). */
export function recordedCallers(env: NodeJS.ProcessEnv): Set<string> {
  const system = readCallers(systemRecordPath(env, osOf(process.platform))).allowed;
  return new Set([...readCallers(installRecordPath(env)).allowed, ...system]);
}
