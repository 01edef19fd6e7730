/** `bastionless instances`: SSM-managed instances of a profile (Windows by default), with Name tags when allowed. */
import { listInstances } from "../../aws/ssm-instances";
import { createLogger } from "../../config/log";
import { displayText, jsonText } from "../../protocol/display-text";
import type { InstanceInfo } from "../../protocol/messages";
import { profileOf, regionOf } from "../../tunnel/service/cli-tunnel";
import { parseFlags } from "../args";
import type { Command } from "../command";

const USAGE = "bastionless instances --profile P [--region R] [--all-platforms] [--json]";

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
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, k) => c.padEnd(widths[k]!))
      .join("  ")
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join("\n")}\n`;
}

export const instances: Command = {
  summary: "List SSM-managed Windows instances of a profile",
  usage: USAGE,
  async run(args, io) {
    const { values } = parseFlags(
      args,
      {
        profile: { type: "string" },
        region: { type: "string" },
        "all-platforms": { type: "boolean" },
        json: { type: "boolean" },
      },
      USAGE,
    );
    const log = createLogger((l) => io.stderr.write(l), io.env.BASTIONLESS_DEBUG ? "debug" : "warn");
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
