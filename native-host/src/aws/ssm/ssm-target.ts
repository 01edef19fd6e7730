/**
 * What the user typed as TARGET: an instance id, or the Name tag of exactly one instance.
 * Pure: the lookup of names is passed in.
 */

import type { InstanceInfo } from "../../../../contract/domain";
import { INSTANCE_ID, TARGET } from "../../../../contract/identifiers";
import { AwsError, UsageError } from "../../errors";

export type TargetSpec = { kind: "id"; instanceId: string } | { kind: "name"; name: string };

export function parseTarget(raw: string): TargetSpec {
  if (INSTANCE_ID.test(raw)) return { kind: "id", instanceId: raw };
  if (/^(i|mi)-[0-9A-Fa-f]+$/.test(raw) && INSTANCE_ID.test(raw.toLowerCase())) {
    return { kind: "id", instanceId: raw.toLowerCase() };
  }
  // The tunnel service takes names of the protocol's TARGET characters only; checking the same
  // rule here makes any other name a usage error before the service is asked (issue 17, finding 7).
  if (!TARGET.test(raw) || raw.trim() !== raw) {
    throw new UsageError(
      "TARGET_INVALID",
      `"${printable(raw)}" is neither an instance id nor an instance name bastionless can look up.`,
      {
        hint: "Give TARGET as an instance id (i-0123456789abcdef0) or the exact Name tag of one instance; a Name with characters other than letters, digits, spaces and _ . : @ - needs the instance id (`bastionless instances` lists them).",
      },
    );
  }
  return { kind: "name", name: raw };
}

export interface ResolvedTarget {
  instanceId: string;
  name: string | null;
  /** SSM PlatformType (Windows, Linux, MacOS), null when not reported. */
  platformType: string | null;
}

/** Picks the instance a TargetSpec means among the managed instances; exactly one must match. */
export function pickTarget(
  spec: TargetSpec,
  instances: readonly InstanceInfo[],
  profile: string,
): ResolvedTarget {
  if (spec.kind === "id") {
    const found = instances.find((i) => i.instanceId === spec.instanceId);
    return {
      instanceId: spec.instanceId,
      name: found?.name ?? null,
      platformType: found?.platformType ?? null,
    };
  }
  const matches = instances.filter((i) => i.name === spec.name);
  if (matches.length === 1)
    return { instanceId: matches[0]!.instanceId, name: spec.name, platformType: matches[0]!.platformType };
  if (matches.length === 0) {
    throw new AwsError("TARGET_NOT_FOUND", `No SSM-managed instance is named "${spec.name}".`, {
      hint: `Run \`bastionless instances --profile ${profile} --all-platforms\` and use an instance id or an exact Name.`,
    });
  }
  // The command line names more than one instance: a usage error (exit 2), not an AWS refusal.
  throw new UsageError(
    "TARGET_AMBIGUOUS",
    `${matches.length} instances are named "${spec.name}": ${matches.map((m) => m.instanceId).join(", ")}.`,
    {
      hint: "Give the instance id instead of the name.",
    },
  );
}

function printable(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]/g, "?").slice(0, 80);
}
