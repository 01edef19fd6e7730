/** `bastionless profiles [--json]`: the profiles bastionless wrote, with expiry; expired ones marked. */

import { accountLabel, accountOfArn } from "../../../../contract/account-label";
import { displayText, jsonText } from "../../../../contract/display-text";
import { expiryText } from "../../aws/files/expiry-text";
import { listWrittenProfiles } from "../../aws/files/written-profiles";
import { type FlagTable, parseFlags } from "../args";
import type { Command } from "../command";
import { textTable } from "../text-table";

const FLAGS = {
  json: { type: "boolean", description: "print the profiles as JSON" },
} as const satisfies FlagTable;

export const profiles: Command = {
  summary: "List the profiles bastionless wrote, with expiry",
  description: `Lists the AWS CLI profiles bastionless wrote and still owns (its record, still holding its
keys), with account (its name and id), region, role and expiry; expired ones are marked. Use one with --profile or AWS_PROFILE.`,
  flags: FLAGS,
  examples: ["bastionless profiles", "bastionless profiles --json"],
  async run(args, io) {
    const { values } = parseFlags("profiles", args, FLAGS);
    const now = new Date();
    const list = await listWrittenProfiles(io.env, now);
    if (values.json) {
      io.stdout.write(jsonText({ profiles: list }, 2));
      return 0;
    }
    if (!list.length) {
      io.stdout.write(
        "No profiles written by bastionless yet. Run `bastionless assume --saml-file FILE`, or sign in through the browser extension.\n",
      );
      return 0;
    }
    const rows = list.map((p) =>
      [
        p.profile,
        accountLabel(accountOfArn(p.roleArn), p.accountAlias) || "-",
        p.region ?? "-",
        p.roleArn ?? p.principalArn ?? "-",
        `${p.expired ? "EXPIRED " : ""}${expiryText(p.expiration, now)}`,
      ].map(displayText),
    );
    const head = ["PROFILE", "ACCOUNT", "REGION", "ROLE", "EXPIRES"];
    io.stdout.write(textTable(head, rows));
    return 0;
  },
};
