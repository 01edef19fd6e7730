/**
 * STS AssumeRoleWithSAML (STS API Reference): an unsigned call, so no credentials are needed or
 * looked up, against the partition's regional STS (the SDK's default endpoint for the region,
 * which AWS_ENDPOINT_URL_STS overrides). The SDK is imported lazily so `hello` and `--version`
 * start fast; webpack folds it into the one bundle.
 */
import type { STSClient } from "@aws-sdk/client-sts";
import type { RoleChoice } from "../../../../contract/domain";
import { AwsError } from "../../errors";
import { networkSettingsFromEnv } from "../sdk/aws-settings";
import { requestHandlerOptions } from "../sdk/request-handler";
import { durationNote, isOverMaxSessionDuration, nextShorterDuration } from "./session-duration";
import { stsError } from "./sts-errors";

export interface AssumedRole {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  assumedRoleArn: string;
  durationSeconds: number;
  durationNote?: string;
}

/** Connection and answer limits: an unreachable STS fails in seconds, not minutes. */
const CONNECT_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;

export async function createStsClient(region: string): Promise<STSClient> {
  const { STSClient } = await import("@aws-sdk/client-sts");
  return new STSClient({
    region,
    maxAttempts: 3,
    requestHandler: requestHandlerOptions(networkSettingsFromEnv(process.env), {
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
    }),
  });
}

const ACCESS_KEY = /^[A-Z0-9]{16,128}$/;
const NO_SPACE = /^\S{16,10000}$/;
const ASSUMED_ARN = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/;

/** STS's answer is input from outside too: it goes into a file, so it must be what it claims. */
function checkAnswer(
  out: { Credentials?: Record<string, unknown>; AssumedRoleUser?: { Arn?: string } },
  roleArn: string,
): Omit<AssumedRole, "durationSeconds"> {
  const c = out.Credentials ?? {};
  const expiration = c.Expiration instanceof Date ? c.Expiration : new Date(String(c.Expiration));
  const arn = out.AssumedRoleUser?.Arn ?? "";
  const ok =
    ACCESS_KEY.test(String(c.AccessKeyId)) &&
    NO_SPACE.test(String(c.SecretAccessKey)) &&
    NO_SPACE.test(String(c.SessionToken)) &&
    Number.isFinite(expiration.getTime()) &&
    ASSUMED_ARN.test(arn);
  if (!ok)
    throw new AwsError("STS_BAD_ANSWER", `STS answered ${roleArn} with credentials bastionless cannot use.`, {
      hint: "Try again; if it repeats, check AWS_ENDPOINT_URL_STS.",
    });
  return {
    accessKeyId: String(c.AccessKeyId),
    secretAccessKey: String(c.SecretAccessKey),
    sessionToken: String(c.SessionToken),
    expiration,
    assumedRoleArn: arn,
  };
}

/** Assumes one role; steps the duration down while STS says it is over the role's maximum. */
export async function assumeRoleWithSaml(
  client: STSClient,
  role: RoleChoice,
  assertion: string,
  durationSeconds: number,
): Promise<AssumedRole> {
  const { AssumeRoleWithSAMLCommand } = await import("@aws-sdk/client-sts");
  for (let duration = durationSeconds; ; ) {
    try {
      const out = await client.send(
        new AssumeRoleWithSAMLCommand({
          RoleArn: role.roleArn,
          PrincipalArn: role.principalArn,
          SAMLAssertion: assertion,
          DurationSeconds: duration,
        }),
      );
      const creds = checkAnswer(out as never, role.roleArn);
      return {
        ...creds,
        durationSeconds: duration,
        ...(duration !== durationSeconds ? { durationNote: durationNote(durationSeconds, duration) } : {}),
      };
    } catch (err) {
      const shorter = isOverMaxSessionDuration(err) ? nextShorterDuration(duration) : null;
      if (shorter === null) throw stsError(err, role.roleArn);
      duration = shorter;
    }
  }
}
