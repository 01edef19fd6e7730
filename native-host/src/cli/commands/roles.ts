/** `bastionless roles --saml-file F [--json]`: the roles a SAML response grants, without calling AWS. */

import { displayText, jsonText } from "../../../../contract/display-text";
import { expiryText } from "../../aws/files/expiry-text";
import { inspectSaml } from "../../saml/inspect-saml";
import { readSamlFile } from "../../saml/read-saml-file";
import { type FlagSpec, type FlagTable, parseFlags } from "../args";
import type { Command } from "../command";

/** The SAML response flag of `roles` and `assume`. */
export const SAML_FILE_FLAG = {
  type: "string",
  value: "FILE",
  required: true,
  complete: "file",
  description: "the SAMLResponse (base64, a form body or XML); - reads standard input",
} as const satisfies FlagSpec;

const FLAGS = {
  "saml-file": SAML_FILE_FLAG,
  json: { type: "boolean", description: "print the summary as JSON" },
} as const satisfies FlagTable;

export const roles: Command = {
  summary: "Show the roles in a SAML response",
  description: `Shows the roles a SAML response grants (account, role name, ARN), the partition, the
SessionDuration and until when the assertion is usable. Calls nothing.`,
  flags: FLAGS,
  examples: [
    "bastionless roles --saml-file response.txt",
    "pbpaste | bastionless roles --saml-file - --json",
  ],
  async run(args, io) {
    const { values } = parseFlags("roles", args, FLAGS);
    const { summary } = inspectSaml(await readSamlFile(values["saml-file"]!, io.stdin));
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
