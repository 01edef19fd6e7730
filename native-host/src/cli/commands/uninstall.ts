/** `bastionless uninstall`: remove exactly what `bastionless install` wrote (its install record says what). */

import { reportJson, reportText } from "../../install/report";
import { runUninstall } from "../../install/sync-scope";
import type { Command } from "../command";
import { parseSyncOptions, SELECTOR_FLAGS } from "../install-options";

export const uninstall: Command = {
  summary: "Remove what `bastionless install` registered",
  description: `Removes exactly what \`bastionless install\` wrote (its install record says what): manifests,
registry keys, the host copy, the record and the folders it created. Without selectors it removes
every registration of the scope (per user, or --system); with --browser, --browser-profile or
--extension-id only that registration or allowed id.`,
  flags: SELECTOR_FLAGS,
  examples: ["bastionless uninstall", "bastionless uninstall --browser firefox --dry-run"],
  async run(args, io) {
    const opts = parseSyncOptions("uninstall", args, io.env, undefined);
    const report = runUninstall(opts);
    io.stdout.write(opts.json ? reportJson(report) : reportText(report));
    return 0;
  },
};
