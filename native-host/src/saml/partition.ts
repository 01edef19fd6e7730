/**
 * Which partition (and so which STS) an assertion belongs to (design §4). The assertion's own
 * Destination, else its SubjectConfirmationData Recipient, decides: STS accepts an assertion only
 * when that Recipient is its partition's sign-in endpoint, so calling any other partition's STS
 * cannot work. The capture URL (where the browser really posted) is a cross-check: if it names
 * another partition the assertion cannot be used anywhere it was sent, and we say so rather than
 * guess. Without Destination and Recipient, the URL and then the role ARNs decide. Pure.
 */

import type { Partition } from "../../../contract/domain";
import {
  isIsoPartition,
  parseSigninUrl,
  partitionOfRegion,
  type SigninEndpoint,
  signinRegionLabel,
} from "../../../contract/signin-endpoints";
import { InputError } from "../errors";

export interface PartitionFacts {
  destination: string | null;
  recipient: string | null;
  url?: string;
  rolePartitions: Partition[];
}

const HINT_AWS =
  "Start the sign-in from the AWS app in My Apps (myapps.microsoft.com) so the response goes to AWS.";

function endpointOf(value: string | null, what: string): SigninEndpoint | null {
  if (value === null) return null;
  const ep = parseSigninUrl(value);
  const label = ep ? null : signinRegionLabel(value);
  const foreign = label ? partitionOfRegion(label) : null;
  if (foreign && isIsoPartition(foreign)) {
    throw new InputError(
      "SAML_NOT_FOR_AWS",
      `The SAML response's ${what} names ${label}, a region of the ${foreign} partition, which bastionless does not serve.`,
      { hint: "bastionless signs in to the aws, aws-us-gov and aws-cn partitions only." },
    );
  }
  if (!ep) {
    throw new InputError(
      "SAML_NOT_FOR_AWS",
      `The SAML response's ${what} ${JSON.stringify(value.slice(0, 200))} is not an AWS sign-in endpoint.`,
      { hint: HINT_AWS },
    );
  }
  return ep;
}

function mismatch(a: string, b: string): InputError {
  return new InputError("SAML_PARTITION_MISMATCH", `The SAML response is for ${a} but ${b}.`, {
    hint: "Sign in again through the AWS app that matches the partition (aws, aws-us-gov or aws-cn) of your roles.",
  });
}

/** The partition, and the region of a regional sign-in endpoint when one was used. */
export function resolvePartition(f: PartitionFacts): { partition: Partition; region: string | null } {
  const dest = endpointOf(f.destination, "Destination");
  const recipient = endpointOf(f.recipient, "Recipient");
  if (dest && recipient && dest.partition !== recipient.partition) {
    throw mismatch(`partition ${dest.partition} (Destination)`, `its Recipient is in ${recipient.partition}`);
  }
  const url = f.url ? parseSigninUrl(f.url) : null;
  const own = dest ?? recipient;
  if (own && url && url.partition !== own.partition) {
    throw mismatch(`partition ${own.partition}`, `it was posted to the ${url.partition} sign-in endpoint`);
  }
  const partition = own?.partition ?? url?.partition ?? f.rolePartitions[0] ?? "aws";
  const other = f.rolePartitions.find((p) => p !== partition);
  if (other) throw mismatch(`partition ${partition}`, `it lists a role in ${other}`);
  return { partition, region: own?.region ?? url?.region ?? null };
}
