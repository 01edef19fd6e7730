/**
 * `bastionless doctor`: checks the installation, the AWS files and the tools around them, and
 * says for each problem the command that fixes it. Exit 0 when nothing failed, 1 otherwise.
 */
import { renderJson, renderTable } from "../../doctor/render";
import { runDoctor } from "../../doctor/run-doctor";
import { type FlagTable, parseFlags } from "../args";
import type { Command } from "../command";

const FLAGS = {
  json: { type: "boolean", description: "print {ok, checks: [{id, status, detail, fix}]}" },
  offline: { type: "boolean", description: "skip the clock check (no network)" },
} as const satisfies FlagTable;

export const doctor: Command = {
  summary: "Check the installation and explain what to fix",
  description: `Checks each browser's registration (manifest, program, allowed extension id), the install
record, whether \`bastionless\` runs by name (PATH), the AWS credentials and config files
(permissions, parse), the profiles bastionless wrote and their expiry, the tunnel service, an RDP
client, the optional session-manager-plugin, and the clock against AWS (skipped offline); each
problem comes with the command that fixes it.
Exit status: 0 when no check failed, 1 otherwise.`,
  flags: FLAGS,
  examples: ["bastionless doctor", "bastionless doctor --offline --json"],
  async run(args, io) {
    const { values } = parseFlags("doctor", args, FLAGS);
    const checks = await runDoctor({ env: io.env, offline: values.offline ?? false });
    io.stdout.write(values.json ? renderJson(checks) : renderTable(checks));
    return checks.some((c) => c.status === "fail") ? 1 : 0;
  },
};
