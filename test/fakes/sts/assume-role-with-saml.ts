/**
 * STS AssumeRoleWithSAML as the fake answers it (STS API Reference, AssumeRoleWithSAML): checks
 * the request the way STS would, then issues temporary credentials or one of STS's errors.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { readAssertion } from "./assertion-facts";
import { randomFrom, requestId, sendQueryError, sendXml, xmlEscape } from "./query";
import type { FakeStsState, StsCall } from "./types";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Faults as STS sends them: status, Code, Message. */
const FAULTS = {
  InvalidIdentityToken: [400, "InvalidIdentityToken", "Invalid SAML response received"],
  ExpiredToken: [400, "ExpiredTokenException", "Token must be redeemed within 5 minutes of issuance"],
  IDPRejectedClaim: [403, "IDPRejectedClaim", "The identity provider rejected the claim"],
  AccessDenied: [403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML"],
  RegionDisabled: [403, "RegionDisabledException", "STS is not activated in this region for account"],
  Throttling: [400, "Throttling", "Rate exceeded"],
  InternalError: [500, "InternalFailure", "An internal error occurred. Try again."],
} as const satisfies Record<string, readonly [number, string, string]>;
export type FakeStsFault = keyof typeof FAULTS;

function refuse(res: ServerResponse, call: StsCall, fault: FakeStsFault | [number, string, string]): void {
  const [status, code, message] = typeof fault === "string" ? FAULTS[fault] : fault;
  call.outcome = code;
  sendQueryError(res, status, code, message);
}

/** Checks that STS itself makes, before any configured fault. */
function validate(
  form: URLSearchParams,
  req: IncomingMessage,
  state: FakeStsState,
  call: StsCall,
): [number, string, string] | FakeStsFault | null {
  if (req.headers.authorization || req.headers["x-amz-security-token"])
    return [400, "FakeStsSignedRequest", "AssumeRoleWithSAML must be sent unsigned"];
  if (form.get("Version") !== "2011-06-15") return [400, "InvalidAction", "Unknown Version"];
  const duration = call.durationSeconds;
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 900 || duration > 43200)) {
    return [
      400,
      "ValidationError",
      `1 validation error detected: Value '${form.get("DurationSeconds")}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    ];
  }
  const facts = readAssertion(form.get("SAMLAssertion") ?? "");
  if (!facts) return "InvalidIdentityToken";
  if (!facts.rolePairs.some((p) => p.roleArn === call.roleArn && p.principalArn === call.principalArn))
    return "AccessDenied";
  if (facts.notOnOrAfter && facts.notOnOrAfter.getTime() < state.clock().getTime()) return "ExpiredToken";
  if ((duration ?? 3600) > state.maxSessionDuration(call.roleArn ?? "")) {
    return [
      400,
      "ValidationError",
      "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    ];
  }
  return null;
}

export function assumeRoleWithSaml(
  form: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
  state: FakeStsState,
  call: StsCall,
): void {
  const problem = validate(form, req, state, call);
  const fault = problem ?? state.fault?.(call) ?? null;
  if (fault) {
    refuse(res, call, fault);
    return;
  }
  const roleArn = call.roleArn!;
  const [, partition, , , accountId] = roleArn.split(":");
  const roleName = roleArn.slice(roleArn.lastIndexOf("/") + 1);
  const sessionName = readAssertion(form.get("SAMLAssertion")!)?.sessionName ?? "session";
  const knob = state.lifetimeSeconds;
  const lifetime = typeof knob === "function" ? knob(call) : (knob ?? call.durationSeconds ?? 3600);
  const expiration = new Date(state.clock().getTime() + lifetime * 1000);
  const creds = {
    accessKeyId: `ASIA${randomFrom(UPPER, 16)}`,
    secretAccessKey: randomFrom(SECRET, 40),
    sessionToken: `FwoGZXIvYXdzE${randomFrom(SECRET, 300)}`,
    expiration: expiration.toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
  state.issued.set(creds.accessKeyId, accountId!);
  state.keys.set(creds.accessKeyId, {
    secretAccessKey: creds.secretAccessKey,
    sessionToken: creds.sessionToken,
    expiration,
    assumedRoleArn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    accountId: accountId!,
  });
  call.credentials = creds;
  call.outcome = "ok";
  const assumed = `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
  sendXml(
    res,
    `<AssumeRoleWithSAMLResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithSAMLResult>` +
      `<Audience>https://signin.aws.amazon.com/saml</Audience>` +
      `<AssumedRoleUser><AssumedRoleId>AROA${randomFrom(UPPER, 17)}:${xmlEscape(sessionName)}</AssumedRoleId><Arn>${xmlEscape(assumed)}</Arn></AssumedRoleUser>` +
      `<Credentials><AccessKeyId>${creds.accessKeyId}</AccessKeyId><SecretAccessKey>${creds.secretAccessKey}</SecretAccessKey>` +
      `<SessionToken>${creds.sessionToken}</SessionToken><Expiration>${creds.expiration}</Expiration></Credentials>` +
      `<Issuer>https://sts.windows.net/tenant/</Issuer><NameQualifier>${randomFrom(SECRET.slice(0, 62), 28)}=</NameQualifier>` +
      `<Subject>${xmlEscape(sessionName)}</Subject><SubjectType>persistent</SubjectType>` +
      `</AssumeRoleWithSAMLResult><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></AssumeRoleWithSAMLResponse>`,
  );
}
