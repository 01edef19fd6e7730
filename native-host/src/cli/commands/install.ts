/**
 * `bastionless install`: copy the host to a stable folder and register it with the browsers,
 * so nobody edits JSON manifests or the registry by hand (design §2; install/ for the details).
 */
import { parseSyncOptions, SELECTOR_USAGE } from "../../install/cli-options";
import { reportJson, reportText } from "../../install/report";
import { runInstall } from "../../install/sync-scope";
import type { Command } from "../command";

const usage = `bastionless install ${SELECTOR_USAGE}

Copies bastionless to a stable folder (per user: ~/.local/share/bastionless/bin on Linux) and
registers it as the native-messaging host com.bastionless.host, then puts \`bastionless\` on PATH:
a link in ~/.local/bin (/usr/local/bin with --system) when that folder exists or is on PATH, the
user (or, with --system, machine) Path on Windows; otherwise it prints the one line to add.
  --browser NAME         chrome, chromium, edge, brave, vivaldi or firefox (repeatable);
                         default: every browser found on this machine, else chromium
  --system               machine-wide (needs admin): /etc/…, /usr/lib/mozilla, HKLM
  --extension-id ID      also allow this extension (a 32-letter Chromium id or a Firefox add-on id)
  --browser-profile DIR  a Chromium-family browser started with --user-data-dir=DIR
  --dry-run              show what would change, change nothing
  --json                 print the result as JSON`;

export const install: Command = {
  summary: "Register the native host for your browsers",
  usage,
  async run(args, io) {
    const opts = parseSyncOptions(args, usage, io.env, io.bundleFile);
    const report = runInstall(opts);
    io.stdout.write(opts.json ? reportJson(report) : reportText(report));
    return 0;
  },
};
