/**
 * AWS SAML sign-in endpoints (design §4) and what each tells: the partition, and so STS.
 * Pure and free of Node APIs: the extension imports it for its webRequest filter.
 * AWS docs: "Configure SAML assertions for the authentication response" (IAM User Guide) lists
 * the global endpoint, regional endpoints https://<region>.signin.aws.amazon.com/saml, and the
 * GovCloud and China sign-in endpoints.
 */
import type { Partition } from "../protocol/messages";

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

const REGION_LABEL = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The endpoint a SAML POST went to, or null when the URL is not an AWS SAML sign-in endpoint. */
export function parseSigninUrl(url: string): SigninEndpoint | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== "https:" || (u.port !== "" && u.port !== "443")) return null;
  if (u.pathname !== "/saml" && u.pathname !== "/saml/") return null;
  const host = u.hostname.toLowerCase();
  for (const { suffix, partition } of HOSTS) {
    if (host === suffix) return { partition, region: null };
    if (host.endsWith(`.${suffix}`)) {
      const label = host.slice(0, -suffix.length - 1);
      if (REGION_LABEL.test(label)) return { partition, region: label };
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
