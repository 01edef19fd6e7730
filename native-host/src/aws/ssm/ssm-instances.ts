/**
 * DescribeInstanceInformation → InstanceInfo, with EC2 Name tags added when the role may read
 * them. Every field AWS returns is checked before it is passed on.
 */
import type { InstanceInformation } from "@aws-sdk/client-ssm";
import type { InstanceInfo } from "../../../../contract/domain";
import { INSTANCE_ID } from "../../../../contract/identifiers";
import type { Logger } from "../../config/log";
import { instanceNames } from "./ec2-names";
import { type AwsScope, call, openSsm } from "./ssm-client";

/** The API's largest page (DescribeInstanceInformation MaxResults: 5–50). */
const PAGE_SIZE = 50;
/** A safety stop for a misbehaving NextToken loop: 200 pages = 10 000 instances. */
const MAX_PAGES = 200;

export interface ListOptions {
  /** Only this platform (SSM PlatformType: Windows, Linux, MacOS); all when absent. */
  platform?: "Windows" | "Linux" | "MacOS";
  /** Only these instance ids. */
  instanceIds?: string[];
  /** Only instances carrying every one of these tags (the `tag:KEY` filter; saved connections). */
  tags?: Record<string, string>;
  log: Logger;
}

const text = (v: unknown, max = 256): string | null =>
  typeof v === "string" && v.length > 0 && v.length <= max && !/[\x00-\x1f\x7f]/.test(v) ? v : null;

/** One SSM record → InstanceInfo, or null when the record has no usable instance id. */
export function toInstanceInfo(raw: InstanceInformation): InstanceInfo | null {
  const instanceId = text(raw.InstanceId, 32);
  if (!instanceId || !INSTANCE_ID.test(instanceId)) return null;
  return {
    instanceId,
    // Hybrid nodes carry their name in SSM itself; EC2 Name tags override it below.
    name: text(raw.Name),
    computerName: text(raw.ComputerName),
    platformName: text(raw.PlatformName),
    platformType: text(raw.PlatformType, 32),
    pingStatus: text(raw.PingStatus, 32) ?? "Unknown",
    agentVersion: text(raw.AgentVersion, 32),
    ipAddress: text(raw.IPAddress, 64),
  };
}

export async function listInstances(
  scope: AwsScope,
  opts: ListOptions,
): Promise<{ region: string; instances: InstanceInfo[] }> {
  const { client, sdk, region } = await openSsm(scope);
  const callScope = { ...scope, region, action: "DescribeInstanceInformation" };
  const filters = [
    ...(opts.platform ? [{ Key: "PlatformTypes", Values: [opts.platform] }] : []),
    ...(opts.instanceIds?.length ? [{ Key: "InstanceIds", Values: opts.instanceIds }] : []),
    ...Object.entries(opts.tags ?? {}).map(([k, v]) => ({ Key: `tag:${k}`, Values: [v] })),
  ];
  const instances: InstanceInfo[] = [];
  try {
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await call(callScope, () =>
        client.send(
          new sdk.DescribeInstanceInformationCommand({
            Filters: filters.length ? filters : undefined,
            MaxResults: PAGE_SIZE,
            NextToken: nextToken,
          }),
        ),
      );
      for (const raw of out.InstanceInformationList ?? []) {
        const info = toInstanceInfo(raw);
        if (info) instances.push(info);
        else opts.log.warn("skipped an instance record without a valid id");
      }
      nextToken = text(out.NextToken, 4096) ?? undefined;
      if (!nextToken) break;
    }
  } finally {
    client.destroy();
  }
  const names = await instanceNames(
    { ...scope, region },
    instances.map((i) => i.instanceId).filter((id) => id.startsWith("i-")),
    opts.log,
  );
  for (const i of instances) i.name = names.get(i.instanceId) ?? i.name;
  instances.sort(
    (a, b) => (a.name ?? "~").localeCompare(b.name ?? "~") || a.instanceId.localeCompare(b.instanceId),
  );
  return { region, instances };
}
