/**
 * `bastionless doctor`: checks the installation, the AWS files and the tools around them, and
 * says for each problem the command that fixes it. Exit 0 when nothing failed, 1 otherwise.
 */
import { renderJson, renderTable } from "../../doctor/render";
import { runDoctor } from "../../doctor/run-doctor";
import { parseFlags } from "../args";
import type { Command } from "../command";

const usage = `bastionless doctor [--json] [--offline]

Checks each browser's registration (manifest, program, allowed extension id), the install
record, whether \`bastionless\` runs by name (PATH), the AWS credentials and config files (permissions, parse), the profiles bastionless
wrote and their expiry, the tunnel service, an RDP client, the optional session-manager-plugin,
and the clock against AWS (skipped offline).
  --json     print {ok, checks: [{id, status, detail, fix}]}
  --offline  skip the clock check (no network)
Exit status: 0 when no check failed, 1 otherwise.`;

export const doctor: Command = {
  summary: "Check the installation and explain what to fix",
  usage,
  async run(args, io) {
    const { values } = parseFlags(args, { json: { type: "boolean" }, offline: { type: "boolean" } }, usage);
    const checks = await runDoctor({ env: io.env, offline: values.offline ?? false });
    io.stdout.write(values.json ? renderJson(checks) : renderTable(checks));
    return checks.some((c) => c.status === "fail") ? 1 : 0;
  },
};
