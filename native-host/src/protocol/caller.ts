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

export interface InstallRecord {
  allowedOrigins: string[];
  allowedExtensions: string[];
}

/** BASTIONLESS_ALLOWED_ORIGINS (comma-separated) wins; else the record `bastionless install` wrote. */
export function allowedCallers(env: NodeJS.ProcessEnv): Set<string> {
  if (env.BASTIONLESS_ALLOWED_ORIGINS) {
    return new Set(
      env.BASTIONLESS_ALLOWED_ORIGINS.split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }
  // The per-user record, plus the machine-wide one that `bastionless install --system` writes.
  const allowed = new Set<string>();
  for (const file of [installRecordPath(env), systemRecordPath(env, osOf(process.platform))]) {
    try {
      const record = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<InstallRecord>;
      const list = [
        ...(Array.isArray(record.allowedOrigins) ? record.allowedOrigins : []),
        ...(Array.isArray(record.allowedExtensions) ? record.allowedExtensions : []),
      ];
      for (const s of list) if (typeof s === "string") allowed.add(s);
    } catch {
      // Missing or unreadable: that record allows nobody.
    }
  }
  return allowed;
}
