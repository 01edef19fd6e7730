/** `bastionless uninstall`: remove exactly what `bastionless install` wrote (its install record says what). */
import { parseSyncOptions, SELECTOR_USAGE } from "../../install/cli-options";
import { reportJson, reportText } from "../../install/report";
import { runUninstall } from "../../install/sync-scope";
import type { Command } from "../command";

const usage = `bastionless uninstall ${SELECTOR_USAGE}

Without selectors removes every registration of the scope, the host copy and the install record.
  --browser NAME         only this browser's registration (repeatable)
  --browser-profile DIR  only the registration written into this Chromium profile folder
  --extension-id ID      stop allowing an id added earlier with install --extension-id
  --system               the machine-wide installation
  --dry-run              show what would be removed, remove nothing
  --json                 print the result as JSON`;

export const uninstall: Command = {
  summary: "Remove what `bastionless install` registered",
  usage,
  async run(args, io) {
    const opts = parseSyncOptions(args, usage, io.env, undefined);
    const report = runUninstall(opts);
    io.stdout.write(opts.json ? reportJson(report) : reportText(report));
    return 0;
  },
};
