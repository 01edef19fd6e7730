/**
 * A region name from the user (--region, a setting), checked before it reaches the SDK: one rule
 * (contract/identifiers.ts REGION) and one error for every command (issue 10: `rdp` said USAGE
 * where `assume` said REGION_INVALID).
 */
import { isRegion } from "../../../../contract/identifiers";
import { UsageError } from "../../errors";

export function checkRegionName(region: string): string {
  if (isRegion(region)) return region;
  const shown = String(region).slice(0, 40);
  throw new UsageError("REGION_INVALID", `${JSON.stringify(shown)} is not an AWS region name.`, {
    hint: "Pass --region (-r) like eu-west-1.",
  });
}
