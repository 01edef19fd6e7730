/** The selector flags install and uninstall share, parsed and checked. */
import path from "node:path";
import { parseFlags } from "../cli/args";
import { UsageError } from "../errors";
import { BROWSERS, type Browser, isBrowser, osOf } from "./browsers";
import type { SyncOptions } from "./sync-scope";

export const SELECTOR_USAGE =
  "[--browser NAME]… [--system] [--extension-id ID]… [--browser-profile DIR] [--dry-run] [--json]";

const FLAGS = {
  browser: { type: "string", multiple: true },
  system: { type: "boolean" },
  "extension-id": { type: "string", multiple: true },
  "browser-profile": { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
} as const;

export function parseSyncOptions(
  args: string[],
  usage: string,
  env: NodeJS.ProcessEnv,
  bundleFile: string | undefined,
): SyncOptions & { json: boolean } {
  const { values } = parseFlags(args, FLAGS, usage);
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
