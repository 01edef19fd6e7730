/**
 * Regions for STS and the profiles (design §4–§5): --region wins; else the region of a regional
 * sign-in endpoint the user signed in through; else the partition's default (endpoints.ts). A
 * region from another partition cannot work with these credentials and is refused. Pure.
 */

import type { Partition } from "../../../../contract/domain";
import { isRegion } from "../../../../contract/identifiers";
import { DEFAULT_REGION, isIsoPartition, partitionOfRegion } from "../../../../contract/signin-endpoints";
import { UsageError } from "../../errors";
import { checkRegionName } from "../sdk/region-name";

export function checkRegion(region: string, partition: Partition): string {
  checkRegionName(region);
  const own = partitionOfRegion(region);
  if (isIsoPartition(own)) {
    throw new UsageError(
      "REGION_PARTITION_MISMATCH",
      `Region ${region} is in the ${own} partition, which bastionless does not serve.`,
      { hint: `Pass a ${partition} region with --region, e.g. ${DEFAULT_REGION[partition]}.` },
    );
  }
  if (own !== partition) {
    throw new UsageError(
      "REGION_PARTITION_MISMATCH",
      `Region ${region} is not in partition ${partition}, where these roles live.`,
      {
        hint: `Pass a ${partition} region with --region, e.g. ${DEFAULT_REGION[partition]}.`,
      },
    );
  }
  return region;
}

/** The region STS is called in. */
export function stsRegion(
  partition: Partition,
  explicit: string | undefined,
  signinRegion: string | null,
): string {
  if (explicit) return checkRegion(explicit, partition);
  if (signinRegion && partitionOfRegion(signinRegion) === partition) return signinRegion;
  return DEFAULT_REGION[partition];
}

/** The region written for a profile: --region, else the one it already has (if usable), else STS's. */
export function profileRegion(
  partition: Partition,
  explicit: string | undefined,
  existing: string | null,
  fallback: string,
): string {
  if (explicit) return explicit;
  if (existing && isRegion(existing) && partitionOfRegion(existing) === partition) return existing;
  return fallback;
}
