/** The selector flags install and uninstall share, parsed and checked. */
import path from "node:path";
import { UsageError } from "../errors";
import { BROWSERS, type Browser, isBrowser, osOf } from "../install/browsers";
import type { SyncOptions } from "../install/sync-scope";
import { type FlagTable, parseFlags, usageLine } from "./args";

/** The selector flags of install and uninstall (the flag table of cli/args.ts). */
export const SELECTOR_FLAGS = {
  browser: {
    type: "string",
    multiple: true,
    value: "NAME",
    choices: BROWSERS,
    description: `only this browser: ${BROWSERS.join(", ")} (default: every browser found)`,
  },
  system: { type: "boolean", description: "machine-wide (needs admin): /etc/…, /usr/lib/mozilla, HKLM" },
  "extension-id": {
    type: "string",
    multiple: true,
    value: "ID",
    description: "also this extension: a 32-letter Chromium id or a Firefox add-on id",
  },
  "browser-profile": {
    type: "string",
    value: "DIR",
    complete: "directory",
    description: "a Chromium-family browser started with --user-data-dir=DIR",
  },
  "dry-run": { type: "boolean", description: "show what would change, change nothing" },
  json: { type: "boolean", description: "print the result as JSON" },
} as const satisfies FlagTable;

export function parseSyncOptions(
  command: "install" | "uninstall",
  args: string[],
  env: NodeJS.ProcessEnv,
  bundleFile: string | undefined,
): SyncOptions & { json: boolean } {
  const usage = usageLine(command, SELECTOR_FLAGS);
  const { values } = parseFlags(command, args, SELECTOR_FLAGS);
  const names = (values.browser ?? [])
    .flatMap((b) => b.split(","))
    .map((b) => b.trim().toLowerCase())
    .filter(Boolean);
  const browsers: Browser[] = names.map((b) => {
    if (!isBrowser(b))
      throw new UsageError("USAGE", `Unknown browser "${b}".`, {
        hint: `Use --browser with one of: ${BROWSERS.join(", ")}.`,
      });
    return b;
  });
  const profile = values["browser-profile"];
  if (profile !== undefined && !profile.trim())
    throw new UsageError("USAGE", "--browser-profile needs a folder.", { hint: `Usage: ${usage}` });
  if (profile !== undefined && values.system) {
    throw new UsageError(
      "USAGE",
      "--browser-profile and --system cannot be combined: a profile folder belongs to one user.",
      { hint: `Usage: ${usage}` },
    );
  }
  return {
    scope: values.system ? "system" : "user",
    os: osOf(process.platform),
    env,
    selectors: {
      browsers,
      extensionIds: values["extension-id"] ?? [],
      ...(profile ? { profileDir: path.resolve(profile) } : {}),
    },
    dryRun: values["dry-run"] ?? false,
    bundleFile,
    json: values.json ?? false,
  };
}
