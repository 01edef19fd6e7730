/** `bastionless instances`: SSM-managed instances of a profile (Windows by default), with Name tags when allowed. */

import { displayText, jsonText } from "../../../../contract/display-text";
import type { InstanceInfo } from "../../../../contract/domain";
import { listInstances } from "../../aws/ssm/ssm-instances";
import { type FlagTable, parseFlags, usageLine } from "../args";
import { cliLogger } from "../cli-log";
import type { Command } from "../command";
import { textTable } from "../text-table";
import { profileOf, regionOf, TUNNEL_FLAGS } from "../tunnel-request";

const FLAGS = {
  profile: TUNNEL_FLAGS.profile,
  region: TUNNEL_FLAGS.region,
  "all-platforms": { type: "boolean", description: "list Linux and macOS instances too" },
  json: { type: "boolean", description: "print the instances as JSON" },
} as const satisfies FlagTable;

const USAGE = usageLine("instances", FLAGS);

function table(list: readonly InstanceInfo[], region: string): string {
  if (!list.length) return `No SSM-managed instances in ${region}.\n`;
  const head = ["INSTANCE", "NAME", "COMPUTER", "PLATFORM", "PING", "AGENT", "IP"];
  const rows = list.map((i) =>
    [
      i.instanceId,
      i.name ?? "",
      i.computerName ?? "",
      i.platformName ?? i.platformType ?? "",
      i.pingStatus,
      i.agentVersion ?? "",
      i.ipAddress ?? "",
    ].map(displayText),
  );
  return textTable(head, rows);
}

export const instances: Command = {
  summary: "List SSM-managed Windows instances of a profile",
  description: `Lists the SSM-managed Windows instances the profile can reach: id, Name tag (when the role may
read EC2 tags), computer name, platform, ping status, agent version and IP address.`,
  flags: FLAGS,
  examples: [
    "bastionless instances -p contoso-prod-Admin",
    "bastionless instances -p contoso-prod-Admin -r eu-west-1 --all-platforms --json",
  ],
  async run(args, io) {
    const { values } = parseFlags("instances", args, FLAGS);
    const log = cliLogger(io);
    const scope = { profile: profileOf(values.profile, io.env, USAGE), region: regionOf(values.region) };
    const { region, instances: list } = await listInstances(scope, {
      platform: values["all-platforms"] ? undefined : "Windows",
      log,
    });
    io.stdout.write(
      values.json ? jsonText({ profile: scope.profile, region, instances: list }) : table(list, region),
    );
    return 0;
  },
};
