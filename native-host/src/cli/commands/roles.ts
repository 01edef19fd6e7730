/** `bastionless roles --saml-file F [--json]`: the roles a SAML response grants, without calling AWS. */
import { expiryText } from "../../aws/expiry-text";
import { UsageError } from "../../errors";
import { displayText, jsonText } from "../../protocol/display-text";
import { inspectSaml } from "../../saml/inspect-saml";
import { readSamlFile } from "../../saml/read-saml-file";
import { parseFlags } from "../args";
import type { Command } from "../command";

const USAGE = "bastionless roles --saml-file FILE|- [--json]";

export const roles: Command = {
  summary: "Show the roles in a SAML response",
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(
      args,
      { "saml-file": { type: "string" }, json: { type: "boolean" } },
      USAGE,
    );
    if (!values["saml-file"])
      throw new UsageError("USAGE", "--saml-file is required.", { hint: `Usage: ${USAGE}` });
    const { summary } = inspectSaml(await readSamlFile(values["saml-file"], io.stdin));
    if (values.json) {
      io.stdout.write(jsonText(summary, 2));
      return 0;
    }
    const who = summary.sessionName ? ` for ${displayText(summary.sessionName)}` : "";
    io.stdout.write(
      `${summary.roles.length} role${summary.roles.length === 1 ? "" : "s"}${who} (partition ${summary.partition}):\n`,
    );
    const width = Math.max(...summary.roles.map((r) => r.roleName.length));
    for (const r of summary.roles)
      io.stdout.write(`  ${r.accountId}  ${r.roleName.padEnd(width)}  ${r.roleArn}\n`);
    io.stdout.write(
      `Session duration: ${summary.sessionDuration ?? "not set (STS default 3600)"} s. Assertion usable until ${expiryText(summary.notOnOrAfter, new Date())}.\n`,
    );
    return 0;
  },
};
