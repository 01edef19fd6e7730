/**
 * `bastionless install`: copy the host to a stable folder and register it with the browsers,
 * so nobody edits JSON manifests or the registry by hand (design §2; install/ for the details).
 */

import { reportJson, reportText } from "../../install/report";
import { runInstall } from "../../install/sync-scope";
import type { Command } from "../command";
import { parseSyncOptions, SELECTOR_FLAGS } from "../install-options";

export const install: Command = {
  summary: "Register the native host for your browsers",
  description: `Copies bastionless to a stable folder (per user: ~/.local/share/bastionless/bin on Linux) and
registers it as the native-messaging host com.bastionless.host for each browser found (else
chromium), allowing the published extension ids, then puts \`bastionless\` on PATH: a link in
~/.local/bin (/usr/local/bin with --system) when that folder exists or is on PATH, the user (or,
with --system, machine) Path on Windows; otherwise it prints the one line to add. Idempotent.`,
  flags: SELECTOR_FLAGS,
  examples: [
    "bastionless install",
    "bastionless install --browser firefox --dry-run",
    "bastionless install --extension-id abcdefghijklmnopabcdefghijklmnop",
  ],
  async run(args, io) {
    const opts = parseSyncOptions("install", args, io.env, io.bundleFile);
    const report = runInstall(opts);
    io.stdout.write(opts.json ? reportJson(report) : reportText(report));
    return 0;
  },
};
