/**
 * Who is calling (design §3). Chromium-family browsers pass the extension origin
 * `chrome-extension://ID/` as the first argument; Firefox passes the host manifest path and then
 * the add-on id. The host serves only callers listed in its install record.
 */
import fs from "node:fs";
import { installRecordPath } from "../config/paths";
import { osOf } from "../install/browsers";
import { systemRecordPath } from "../install/install-paths";

const CHROMIUM_ORIGIN = /^chrome-extension:\/\/([a-p]{32})\/$/;
const FIREFOX_ID = /^(\{[0-9a-fA-F-]{36}\}|[A-Za-z0-9._+-]+@[A-Za-z0-9._-]+)$/;

export type Caller = { browser: "chromium"; origin: string } | { browser: "firefox"; origin: string };

/** Reads argv (after the executable and script): returns the caller, or null when this is not a browser launch. */
export function callerFromArgv(args: readonly string[]): Caller | null {
  const [first, second] = args;
  if (first && CHROMIUM_ORIGIN.test(first)) return { browser: "chromium", origin: first };
  if (first?.toLowerCase().endsWith(".json") && second && FIREFOX_ID.test(second) && args.length === 2) {
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

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];

function readCallers(file: string): RecordCallers {
  try {
    const record = JSON.parse(fs.readFileSync(file, "utf8"));
    return {
      allowed: new Set([...strings(record?.allowedOrigins), ...strings(record?.allowedExtensions)]),
      hostFiles: strings(record?.host?.files),
    };
  } catch {
    // Missing or unreadable: that record allows nobody.
    return { allowed: new Set(), hostFiles: [] };
  }
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
