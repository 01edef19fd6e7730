/**
 * What STS (or the network on the way) said → AwsError (exit 4) with what to do. Codes from the
 * STS API Reference, AssumeRoleWithSAML "Errors" and "Common Errors". AWS messages carry no
 * secrets and are kept.
 */
import { AwsError } from "../../errors";

const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

type Known = { code: string; hint: string };

const BY_NAME: Record<string, Known> = {
  InvalidIdentityTokenException: {
    code: "STS_INVALID_IDENTITY_TOKEN",
    hint: "Sign in again from My Apps; if it repeats, check that the IAM SAML provider's metadata matches the Entra ID app's signing certificate.",
  },
  ExpiredTokenException: {
    code: "STS_ASSERTION_EXPIRED",
    hint: "SAML assertions are valid for about five minutes: sign in again and assume right away (and check the computer's clock).",
  },
  IDPRejectedClaimException: {
    code: "STS_IDP_REJECTED_CLAIM",
    hint: "Check the SAML provider in IAM and the role's trust policy for this Entra ID app.",
  },
  RegionDisabledException: {
    code: "STS_REGION_DISABLED",
    hint: "Pass --region with a region where STS is enabled for the account.",
  },
  AccessDenied: {
    code: "STS_ACCESS_DENIED",
    hint: "Check that the role's trust policy allows sts:AssumeRoleWithSAML for this SAML provider.",
  },
  AccessDeniedException: {
    code: "STS_ACCESS_DENIED",
    hint: "Check that the role's trust policy allows sts:AssumeRoleWithSAML for this SAML provider.",
  },
  ValidationError: {
    code: "STS_VALIDATION",
    hint: "Check --duration and --role against the role's settings.",
  },
  Throttling: { code: "STS_THROTTLED", hint: "STS is rate-limiting: wait a minute and try again." },
  ThrottlingException: { code: "STS_THROTTLED", hint: "STS is rate-limiting: wait a minute and try again." },
};

export function stsError(err: unknown, roleArn: string): AwsError {
  if (err instanceof AwsError) return err;
  const e = err as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const message = (e?.message ?? String(err)).slice(0, 300);
  const known = e?.name ? BY_NAME[e.name] : undefined;
  if (known)
    return new AwsError(known.code, `STS refused ${roleArn}: ${message}`, { hint: known.hint, cause: err });
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) {
    return new AwsError("STS_UNAVAILABLE", `STS failed (HTTP ${status}) for ${roleArn}: ${message}`, {
      hint: "AWS had a problem: try again in a minute.",
      cause: err,
    });
  }
  if (
    (e?.code && NETWORK.has(e.code)) ||
    e?.name === "TimeoutError" ||
    e?.name === "AbortError" ||
    (status === undefined && !e?.name?.endsWith("Exception"))
  ) {
    return new AwsError(
      "AWS_UNREACHABLE",
      `Could not reach STS for ${roleArn} (${e?.code ?? e?.name ?? message}).`,
      {
        hint: "Check the network connection and proxy; AWS_ENDPOINT_URL_STS overrides the endpoint.",
        cause: err,
      },
    );
  }
  return new AwsError("STS_REFUSED", `STS refused ${roleArn}: ${e?.name ? `${e.name}: ` : ""}${message}`, {
    hint: "Sign in again; if it repeats, check the role's trust policy.",
    cause: err,
  });
}
