/**
 * AWS SDK failures → our coded errors with a hint naming the flag or setting to fix. The SDK
 * names service errors by their `__type` (docs/testing/toolchain.md §3: a 400
 * `{"__type":"TargetNotConnected"}` becomes an error named TargetNotConnected).
 */
import { AwsError, BastionlessError, UsageError } from "../../errors";

export interface AwsCallScope {
  profile: string;
  region?: string;
  /** The API action, for messages: "StartSession", "DescribeInstanceInformation", … */
  action: string;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "ETIMEDOUT",
  "ECONNRESET",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);

type Rule = {
  names: readonly string[];
  make(scope: AwsCallScope, detail: string, cause: unknown): BastionlessError;
};

/** The one click or command that renews a profile: the extension rewrites it on every sign-in. */
export const signIn = (profile: string) =>
  `Sign in again through the AWS tile in My Apps (the extension rewrites the profile), or run \`bastionless assume --saml-file FILE --profile ${profile}\`.`;

const RULES: readonly Rule[] = [
  {
    names: ["CredentialsProviderError"],
    make: (s, _d, cause) =>
      new AwsError("CREDENTIALS_MISSING", `No AWS credentials found for profile "${s.profile}".`, {
        hint: `${signIn(s.profile)} \`bastionless profiles\` lists the profiles bastionless wrote.`,
        cause,
      }),
  },
  {
    names: ["ExpiredTokenException", "ExpiredToken", "RequestExpired", "TokenRefreshRequired"],
    make: (s, _d, cause) =>
      new AwsError("CREDENTIALS_EXPIRED", `The credentials of profile "${s.profile}" have expired.`, {
        hint: signIn(s.profile),
        cause,
      }),
  },
  {
    names: [
      "UnrecognizedClientException",
      "InvalidClientTokenId",
      "InvalidSignatureException",
      "SignatureDoesNotMatch",
      "AuthFailure",
    ],
    make: (s, d, cause) =>
      new AwsError(
        "CREDENTIALS_INVALID",
        `AWS did not accept the credentials of profile "${s.profile}": ${d}`,
        {
          hint: signIn(s.profile),
          cause,
        },
      ),
  },
  {
    names: ["AccessDeniedException", "AccessDenied", "UnauthorizedOperation"],
    make: (s, d, cause) =>
      new AwsError("ACCESS_DENIED", `The role of profile "${s.profile}" may not call ssm:${s.action}: ${d}`, {
        hint: `Pick a role allowed to use Session Manager (--profile), or ask your AWS admin for ssm:${s.action}.`,
        cause,
      }),
  },
  {
    names: ["TargetNotConnected"],
    make: (_s, d, cause) =>
      new AwsError("TARGET_NOT_CONNECTED", `The instance's SSM agent is not connected: ${d}`, {
        hint: "Check that the instance is running and shows PingStatus Online in `bastionless instances`.",
        cause,
      }),
  },
  {
    names: ["InvalidTarget", "InvalidInstanceId", "InvalidInstanceInformationFilterValue"],
    make: (s, d, cause) =>
      new AwsError("TARGET_NOT_FOUND", `No SSM-managed instance matches: ${d}`, {
        hint: `Run \`bastionless instances --profile ${s.profile}\` to see the instances and their region (--region).`,
        cause,
      }),
  },
  {
    names: ["DoesNotExistException"],
    make: (_s, d, cause) =>
      new AwsError("SESSION_NOT_FOUND", `The Session Manager session no longer exists: ${d}`, {
        hint: "Start the tunnel again (`bastionless rdp`).",
        cause,
      }),
  },
  {
    names: ["ThrottlingException", "Throttling", "RequestLimitExceeded"],
    make: (_s, d, cause) =>
      new AwsError("AWS_THROTTLED", `AWS is throttling the calls: ${d}`, {
        hint: "Wait a few seconds and try again.",
        cause,
      }),
  },
];

function isNetworkError(err: { code?: unknown; name?: unknown; cause?: unknown }): boolean {
  if (typeof err.code === "string" && NETWORK_CODES.has(err.code)) return true;
  if (err.name === "TimeoutError" || err.name === "AbortError") return true;
  const cause = err.cause as { code?: unknown } | undefined;
  return typeof cause?.code === "string" && NETWORK_CODES.has(cause.code);
}

/** Maps anything an SDK call threw; BastionlessErrors pass through unchanged. */
export function toAwsError(err: unknown, scope: AwsCallScope): BastionlessError {
  if (err instanceof BastionlessError) return err;
  const e = (err ?? {}) as { name?: string; message?: string; code?: string; cause?: unknown };
  const detail = String(e.message ?? err).slice(0, 300);
  if (/region is missing/i.test(detail)) {
    return new UsageError("REGION_MISSING", `No region is set for profile "${scope.profile}".`, {
      hint: `Pass --region (-r), or set one for the profile: \`aws configure set region eu-west-1 --profile ${scope.profile}\`.`,
      cause: err,
    });
  }
  const rule = RULES.find((r) => r.names.includes(e.name ?? ""));
  if (rule) return rule.make(scope, detail, err);
  if (isNetworkError(e)) {
    return new AwsError(
      "AWS_UNREACHABLE",
      `Could not reach AWS for ${scope.action}${scope.region ? ` in ${scope.region}` : ""}: ${detail}`,
      {
        hint: "Check your network or proxy; AWS_ENDPOINT_URL_SSM overrides the endpoint.",
        cause: err,
      },
    );
  }
  return new AwsError("AWS_ERROR", `AWS refused ${scope.action}: ${e.name ?? "Error"}: ${detail}`, {
    hint: "Run the command again with --debug for details.",
    cause: err,
  });
}
