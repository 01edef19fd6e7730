/** STS and network failures → AwsError codes and hints (exit 4). */
import { describe, expect, it } from "vitest";
import { stsError } from "../../native-host/src/aws/sts/sts-errors";

const ROLE = "arn:aws:iam::111122223333:role/Admin";
const sdkError = (name: string, message: string, status?: number) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe("stsError", () => {
  const cases: Array<[unknown, string]> = [
    [
      sdkError("InvalidIdentityTokenException", "Invalid SAML response received", 400),
      "STS_INVALID_IDENTITY_TOKEN",
    ],
    [
      sdkError("ExpiredTokenException", "Token must be redeemed within 5 minutes", 400),
      "STS_ASSERTION_EXPIRED",
    ],
    [sdkError("IDPRejectedClaimException", "rejected", 403), "STS_IDP_REJECTED_CLAIM"],
    [sdkError("RegionDisabledException", "not activated", 403), "STS_REGION_DISABLED"],
    [sdkError("AccessDenied", "Not authorized", 403), "STS_ACCESS_DENIED"],
    [sdkError("Throttling", "Rate exceeded", 400), "STS_THROTTLED"],
    [sdkError("ValidationError", "1 validation error", 400), "STS_VALIDATION"],
    [sdkError("InternalFailure", "oops", 500), "STS_UNAVAILABLE"],
    [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
      "AWS_UNREACHABLE",
    ],
    [sdkError("TimeoutError", "socket timed out"), "AWS_UNREACHABLE"],
    [sdkError("SomethingNewException", "new", 400), "STS_REFUSED"],
  ];
  for (const [err, code] of cases) {
    it(`${(err as Error).name} → ${code}`, () => {
      const e = stsError(err, ROLE);
      expect(e.code).toBe(code);
      expect(e.exitCode).toBe(4);
      expect(e.hint).toBeTruthy();
      expect(e.message).toContain(ROLE);
    });
  }
});
