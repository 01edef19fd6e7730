/**
 * AWS SAML sign-in endpoints (design §4) and what each tells: the partition, and so STS.
 * Pure and free of Node APIs: the extension imports it for its webRequest filter.
 * AWS docs: "Configure SAML assertions for the authentication response" (IAM User Guide) lists
 * the global endpoint, regional endpoints https://<region>.signin.aws.amazon.com/saml, and the
 * GovCloud and China sign-in endpoints.
 */
import type { Partition } from "./domain";
import { isRegion } from "./identifiers";

/** webRequest URL filters (match patterns) for every partition. */
export const SIGNIN_URL_PATTERNS: readonly string[] = [
  "https://signin.aws.amazon.com/saml*",
  "https://*.signin.aws.amazon.com/saml*",
  "https://signin.amazonaws-us-gov.com/saml*",
  "https://*.signin.amazonaws-us-gov.com/saml*",
  "https://signin.amazonaws.cn/saml*",
  "https://*.signin.amazonaws.cn/saml*",
];

export interface SigninEndpoint {
  partition: Partition;
  /** The region named in a regional endpoint's host, if any. */
  region: string | null;
}

const HOSTS: ReadonlyArray<{ suffix: string; partition: Partition }> = [
  { suffix: "signin.aws.amazon.com", partition: "aws" },
  { suffix: "signin.amazonaws-us-gov.com", partition: "aws-us-gov" },
  { suffix: "signin.amazonaws.cn", partition: "aws-cn" },
];

/**
 * The ISO partitions: their sign-in, STS and SSM live on private networks under other domains
 * (c2s.ic.gov, sc2s.sgov.gov, cloud.adc-e.uk, csp.hci.ic.gov), so bastionless cannot serve them.
 * Region rules are the SDK's partitions.json `regionRegex` (@aws-sdk/core, issue 17 finding 7).
 */
export type IsoPartition = "aws-iso" | "aws-iso-b" | "aws-iso-e" | "aws-iso-f";

const PARTITION_OF_PREFIX: ReadonlyArray<readonly [string, Partition | IsoPartition]> = [
  ["cn-", "aws-cn"],
  ["us-gov-", "aws-us-gov"],
  ["us-iso-", "aws-iso"],
  ["us-isob-", "aws-iso-b"],
  ["eu-isoe-", "aws-iso-e"],
  ["us-isof-", "aws-iso-f"],
];

/** The partition a region name belongs to; `aws` for every other name, as in the SDK. */
export function partitionOfRegion(region: string): Partition | IsoPartition {
  return PARTITION_OF_PREFIX.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}

export const isIsoPartition = (p: Partition | IsoPartition): p is IsoPartition => p.startsWith("aws-iso");

function parsedSigninUrl(url: string): { host: string } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== "https:" || (u.port !== "" && u.port !== "443")) return null;
  if (u.pathname !== "/saml" && u.pathname !== "/saml/") return null;
  return { host: u.hostname.toLowerCase() };
}

/** The region label of a regional sign-in URL on any partition's host, whatever region it names. */
export function signinRegionLabel(url: string): string | null {
  const host = parsedSigninUrl(url)?.host;
  if (!host) return null;
  for (const { suffix } of HOSTS) {
    const label = host.endsWith(`.${suffix}`) ? host.slice(0, -suffix.length - 1) : null;
    if (label && isRegion(label)) return label;
  }
  return null;
}

/**
 * The endpoint a SAML POST went to, or null when the URL is not an AWS SAML sign-in endpoint. A
 * regional endpoint must name a region of its own host's partition: `us-iso-east-1.signin.aws.
 * amazon.com` is no endpoint AWS serves, and taking it as the aws partition would send an ISO
 * (or GovCloud, China) assertion's region to the wrong STS.
 */
export function parseSigninUrl(url: string): SigninEndpoint | null {
  const host = parsedSigninUrl(url)?.host;
  if (!host) return null;
  for (const { suffix, partition } of HOSTS) {
    if (host === suffix) return { partition, region: null };
    if (host.endsWith(`.${suffix}`)) {
      const label = host.slice(0, -suffix.length - 1);
      if (isRegion(label) && partitionOfRegion(label) === partition) return { partition, region: label };
    }
  }
  return null;
}

/** The region STS is called in when neither the user nor the endpoint names one. */
export const DEFAULT_REGION: Record<Partition, string> = {
  aws: "us-east-1",
  "aws-us-gov": "us-gov-west-1",
  "aws-cn": "cn-north-1",
};
